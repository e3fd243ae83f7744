import { httpHandler } from '../../shared/http/handler.ts';
import { storedReformStats } from '../../shared/store/public-lists.ts';

/** One GetItem: the counters are computed at release (shared/publication/publish.ts). Stories are never counted. */
export const handler = httpHandler({}, async () => ({ body: await storedReformStats(), headers: { 'cache-control': 'public, max-age=60' } }));
