import type { ChannelSettings } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { recordAudit } from '../audit';
import { loadChannelSettings, saveChannelSettings } from './repo';

/** GET /api/admin/channel-settings (the defaults when the store never saved any). */
export async function getChannelSettings(sc: ServiceContext): Promise<ChannelSettings> {
  return loadChannelSettings(sc.db);
}

/** PUT /api/admin/channel-settings: upserts the row and audits before → after. Applies to orders created from now on. */
export async function putChannelSettings(sc: ServiceContext, body: ChannelSettings): Promise<ChannelSettings> {
  return inTransaction(sc, async (tx) => {
    const before = await loadChannelSettings(tx.db);
    await saveChannelSettings(tx.db, body, tx.now);
    const after = { attributionWindowDays: body.attributionWindowDays };
    await recordAudit(tx, { action: 'channel_settings.update', targetType: 'channel_settings', targetId: 1, before, after });
    return after;
  });
}
