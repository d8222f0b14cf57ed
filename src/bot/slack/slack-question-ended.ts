import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { ANSWERS_IN_PLACE } from '../../cards/adaptive/render-message-adaptive.js';
import { textAndFactBlocks } from '../../cards/slack/render-message-blocks.js';
import { escapeMrkdwn, SLACK_LIMITS, truncateEscaped } from '../../cards/slack/slack-text.js';
import { withReplyRetries } from '../reply-retry.js';
import type { ClickedMessage, SlackContext, Where } from './slack-context.js';
import { toDeliveryError } from './slack-errors.js';

/** The parts of a `block_actions` request's `message` (the clicked message, not ephemeral) read here. */
const messageSchema = z.object({ text: z.string().optional(), blocks: z.array(z.looseObject({ type: z.string() })) });

/**
 * The clicked message as Slack sent it with a click (`message`: its text and blocks, for a message that is not
 * ephemeral), with the block of the clicked button; undefined when the request carries none.
 */
export function clickedMessageOf(body: unknown, blockId: string | undefined): ClickedMessage | undefined {
  const parsed = messageSchema.safeParse((body as { message?: unknown } | null)?.message);
  if (!parsed.success) return undefined;
  const blocks = parsed.data.blocks as unknown as KnownBlock[];
  return { blocks, ...(parsed.data.text ? { text: parsed.data.text } : {}), ...(blockId ? { blockId } : {}) };
}

/**
 * A click on a message's own question ("Yes, solved", "No, still a problem", the rating: `ANSWERS_IN_PLACE`) in the
 * bot's DM that can never go through (`ActionOutcome.final`: an earlier resolution's question, confirmed or rated
 * already, the reopen window passed, the case closed): the question is over, so the message is updated in place
 * (`chat.update`) to what it said with `reason` under its text and its form — inputs and buttons — gone, as on
 * Teams, so the same refusal is not clicked for again. A case card in the message (after its divider) stays as it
 * is, and a click on a case card's own buttons (their block names the case) ends nothing. False when nothing was
 * updated (no such click, no message to update, Slack refused the update): then the reason is told as any answer.
 */
export async function endQuestion(ctx: SlackContext, where: Where, verb: string, reason: string): Promise<boolean> {
  const clicked = where.clicked;
  if (!where.dm || !where.channel || !where.messageTs || !clicked || !ANSWERS_IN_PLACE.has(verb)) return false;
  if (clicked.blockId?.startsWith('case|')) return false;
  const divider = clicked.blocks.findIndex((b) => b.type === 'divider');
  const own = divider < 0 ? clicked.blocks : clicked.blocks.slice(0, divider);
  const rest = divider < 0 ? [] : clicked.blocks.slice(divider);
  const asked = own.some((b) => b.type === 'actions' && (!clicked.blockId || b.block_id === clicked.blockId));
  if (!asked) return false;
  const said = own.filter((b) => b.type !== 'input' && b.type !== 'actions');
  const why = escapeMrkdwn(reason);
  const text = truncateEscaped(clicked.text ? `${clicked.text}\n\n${why}` : why, SLACK_LIMITS.sectionText);
  const blocks = [...said, ...textAndFactBlocks(reason), ...rest].slice(0, SLACK_LIMITS.blocks);
  const update = () => ctx.deps.client.chat.update({ channel: where.channel!, ts: where.messageTs!, text, blocks });
  try {
    await withReplyRetries(update, (err) => toDeliveryError(err, 'chat.update'));
    return true;
  } catch (err) {
    ctx.log.warn({ err, userId: where.userId }, 'slack: a question refused for good could not be ended in its message');
    return false;
  }
}
