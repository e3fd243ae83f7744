import { httpHandler } from '../../shared/http/handler.ts';
import { cycles } from '../../shared/review/cycles.ts';

export const handler = httpHandler({}, async () => ({ body: await cycles() }));
