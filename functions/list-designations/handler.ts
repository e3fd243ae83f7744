import { httpHandler } from '../../shared/http/handler.ts';
import { designationsForStaff } from '../../shared/registry/designation.ts';

export const handler = httpHandler({}, async () => ({ body: { items: await designationsForStaff() } }));
