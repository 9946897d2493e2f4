import { eq } from 'drizzle-orm';
import { memberMessages } from '../../db/schema';
import type { ChannelSender } from './types';

/**
 * The 消息 center: one member_messages row per intent, keyed by the intent id (unique), so a send replayed
 * after a crash writes nothing and answers the row written before. Kind = the intent's template; title and
 * body from the variables `title` / `content`. Written = delivered (the member reads it in the app).
 */
export const inappSender: ChannelSender = {
  channel: 'inapp',
  async send(ctx, intent) {
    const title = intent.variables.title ?? '';
    const body = intent.variables.content ?? intent.variables.body ?? '';
    if (!title && !body) return { kind: 'skip', reason: 'template_invalid', detail: 'in-app message without title or content' };
    const [inserted] = await ctx.deps.db
      .insert(memberMessages)
      .values({ memberId: intent.memberId, kind: intent.template, title, body, link: intent.link, intentId: intent.id, createdAt: ctx.now })
      .onConflictDoNothing({ target: memberMessages.intentId })
      .returning({ id: memberMessages.id });
    const id = inserted?.id ?? (await ctx.deps.db.select({ id: memberMessages.id }).from(memberMessages).where(eq(memberMessages.intentId, intent.id)))[0]?.id;
    return { kind: 'sent', providerRef: String(id), delivered: true };
  },
};
