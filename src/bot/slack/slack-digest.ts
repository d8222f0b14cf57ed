import { renderMessageBlocks } from '../../cards/slack/render-message-blocks.js';
import type { CardAction } from '../../cards/card-actions.js';
import type { MessageView } from '../../cards/view-models.js';
import type { Person } from '../../models/case.js';
import type { ActionOutcome } from '../../services/lifecycle/case-service.js';
import { withReplyRetries } from '../reply-retry.js';
import type { SlackContext, Where } from './slack-context.js';
import { toDeliveryError } from './slack-errors.js';
import { slackTexts, textView } from './slack-replies.js';

/**
 * The daily digest a case button was clicked in (its value names the digest's group: `digest`), as it stands now for
 * the clicker; undefined for any other message, for Show (`refresh`: its case card comes as a new message and the
 * digest stays as it is), for a message the bot cannot update (ephemeral, no ts), and for a clicker who gets no
 * digest of that group (`DailyDigest.current`: the group's supervisor and members only).
 */
export async function digestClickedOn(
  ctx: SlackContext,
  person: Person,
  raw: Record<string, unknown>,
  action: CardAction,
  where: Where,
): Promise<MessageView | undefined> {
  const groupId = raw['digest'];
  const { digest } = ctx.deps;
  if (typeof groupId !== 'string' || !digest || action.verb === 'refresh') return undefined;
  if (!where.channel || !where.messageTs) return undefined;
  return digest.current(person, groupId, ctx.localeOf(person));
}

/**
 * Answers a click in the daily digest (a Close) by replacing the digest message with the digest as it stands now
 * (`chat.update`): the closed case's line and button gone, the other cases still there, what happened above its text
 * ("INC-000123 is now: Closed."), so no stale Close stays behind. A refusal with the current case ("changed
 * meanwhile") and anything else the services send (a form, a list) come as new messages first, as for any click.
 * When Slack refuses the update (the message is gone), what happened is told as a new message instead.
 */
export async function answerInDigest(
  ctx: SlackContext,
  where: Where,
  outcome: ActionOutcome,
  digest: MessageView,
): Promise<void> {
  const before: MessageView[] = [];
  let said: string | undefined;
  if (!outcome.ok) {
    if (outcome.code === 'CASE.CONFLICT') before.push({ ...outcome.reply, caseCard: outcome.card });
    else said = outcome.reply.text;
  } else {
    if (outcome.aside) before.push(outcome.aside);
    if (outcome.reply?.form) before.push(outcome.reply);
    said =
      outcome.reply && !outcome.reply.form
        ? outcome.reply.text
        : slackTexts.nowStatus[digest.locale](outcome.card.number, outcome.card.statusLabel);
  }
  for (const view of before) await ctx.tell(where, view);
  const shown = said ? { ...digest, text: `${said}\n\n${digest.text}` } : digest;
  const { client } = ctx.deps;
  const update = () =>
    client.chat.update({ channel: where.channel!, ts: where.messageTs!, ...renderMessageBlocks(shown) });
  try {
    await withReplyRetries(update, (err) => toDeliveryError(err, 'chat.update'));
  } catch (err) {
    ctx.log.warn({ err, userId: where.userId, channel: where.channel }, 'slack: the daily digest could not be updated');
    if (said) await ctx.tell(where, textView(digest.locale, said));
  }
}
