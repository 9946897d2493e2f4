import type { HotWordsBody } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { recordAudit } from '../audit';
import { listHotWordRows, replaceHotWordRows } from './repo';

/** GET /api/search/hot-words (and its admin twin). */
export async function listHotWords(sc: ServiceContext): Promise<{ words: string[] }> {
  return { words: await listHotWordRows(sc.db) };
}

/** PUT /api/admin/search/hot-words: replaces the list as a whole, audited with the list before and after. */
export async function replaceHotWords(sc: ServiceContext, body: HotWordsBody): Promise<{ words: string[] }> {
  return inTransaction(sc, async (tx) => {
    const before = await listHotWordRows(tx.db);
    await replaceHotWordRows(tx.db, body.words, tx.now);
    await recordAudit(tx, {
      action: 'search.hot_words.update',
      targetType: 'search_hot_words',
      targetId: null,
      before: { words: before },
      after: { words: body.words },
    });
    return { words: [...body.words] };
  });
}
