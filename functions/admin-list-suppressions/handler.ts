import { httpHandler } from '../../shared/http/handler.ts';
import { listSuppressions } from '../../shared/store/suppressions.ts';

/** Addresses mail no longer goes to (a permanent bounce or a complaint), oldest first. */
export const handler = httpHandler({}, async () => ({ body: { items: await listSuppressions() } }));
