import { AREAS } from '../../shared/domain/areas.ts';
import { httpHandler } from '../../shared/http/handler.ts';

export const handler = httpHandler({}, async () => ({ body: { areas: AREAS }, headers: { 'cache-control': 'public, max-age=3600' } }));
