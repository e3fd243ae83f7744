import { reformStats } from '../../shared/domain/publication.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { allReforms } from '../../shared/store/public-lists.ts';

/** Counted from published reforms only: stories are never counted. */
export const handler = httpHandler({}, async () => ({ body: reformStats(await allReforms()), headers: { 'cache-control': 'public, max-age=60' } }));
