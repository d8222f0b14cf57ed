import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { ANSWERS_IN_PLACE } from '../../cards/adaptive/render-message-adaptive.js';
import { CARD_VERBS } from '../../cards/card-actions.js';
import { textAndFactBlocks } from '../../cards/slack/render-message-blocks.js';
import { escapeMrkdwn, SLACK_LIMITS, truncateEscaped } from '../../cards/slack/slack-text.js';
import type { Locale } from '../../models/case.js';
import { withReplyRetries } from '../reply-retry.js';
import type { ClickedMessage, SlackContext, Where } from './slack-context.js';
import { toDeliveryError } from './slack-errors.js';
import { slackTexts } from './slack-replies.js';

/** The parts of a `block_actions` request's `message` (the clicked message, not ephemeral) read here. */
const messageSchema = z.object({ text: z.string().optional(), blocks: z.array(z.looseObject({ type: z.string() })) });
/** The parts of a `block_actions` request that say what the click sent: the element, a menu's choice, the inputs. */
const sentSchema = z.looseObject({
  actions: z
    .array(
      z.looseObject({
        action_id: z.string(),
        selected_option: z.looseObject({ value: z.string() }).nullish(),
      }),
    )
    .optional(),
  state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }).optional(),
});

/**
 * The clicked message as Slack sent it with a click (`message`: its text and blocks, for a message that is not
 * ephemeral), with the block of the clicked button and what the click sent; undefined when the request carries none.
 */
export function clickedMessageOf(body: unknown, blockId: string | undefined): ClickedMessage | undefined {
  const parsed = messageSchema.safeParse((body as { message?: unknown } | null)?.message);
  if (!parsed.success) return undefined;
  const blocks = parsed.data.blocks as unknown as KnownBlock[];
  const sent = sentSchema.safeParse(body);
  const action = sent.success ? sent.data.actions?.[0] : undefined;
  const state = sent.success ? sent.data.state?.values : undefined;
  return {
    blocks,
    ...(parsed.data.text ? { text: parsed.data.text } : {}),
    ...(blockId ? { blockId } : {}),
    ...(action ? { actionId: action.action_id } : {}),
    ...(action?.selected_option ? { selected: action.selected_option.value } : {}),
    ...(state ? { state } : {}),
  };
}

/**
 * A click on a message's own question ("Yes, solved", "No, still a problem", the rating: `ANSWERS_IN_PLACE`) in the
 * bot's DM that can never go through (`ActionOutcome.final`: an earlier resolution's question, confirmed or rated
 * already, the reopen window passed, the case closed): the question is over, so the message is updated in place
 * (`chat.update`) to what it said with `reason` under its text and its form — inputs and buttons — gone, as on
 * Teams, so the same refusal is not clicked for again. A case card in the message (after its divider) stays as it
 * is, and a click on a case card's own buttons ends nothing. False when nothing was updated (no such click, no
 * message to update, Slack refused the update): then the reason is told as any answer.
 */
export async function endQuestion(ctx: SlackContext, where: Where, verb: string, reason: string): Promise<boolean> {
  if (!ANSWERS_IN_PLACE.has(verb)) return false;
  return endInMessage(ctx, where, reason, 'slack: a question refused for good could not be ended in its message');
}

/**
 * A question of the bot's own message in its DM answered (the answer taken: a case's "Yes, solved" / "No, still a
 * problem" / rating, a step of the report or order conversation): the question is over, so the message is updated
 * in place to what it said with "Answered: …" / "Besvaret: …" under its text (`answerOf`) and no inputs or buttons,
 * as Teams ends it, so it is not clicked again for a refusal or a second answer. The answer itself (told as before,
 * the next step posted) does not wait for this; an update Slack refuses (a message too old, Slack down) is logged and
 * the buttons stay. A case card in the message stays as it is; a click on its own buttons ends nothing.
 */
export async function endAnswered(ctx: SlackContext, where: Where, verb: string, locale: Locale): Promise<void> {
  const what = where.clicked ? answerOf(where.clicked, verb) : undefined;
  if (!what) return;
  await endInMessage(
    ctx,
    where,
    slackTexts.answered[locale](what),
    'slack: an answered question could not be ended in its message; its buttons stay',
  );
}

/**
 * The verbs whose answer is what was filled in above the button (the step's Next, the rating's Send): the inputs
 * with a value are the answer, not the button's label. Any other button's answer is its label, with the inputs only
 * it takes (named by its verb: "No, still a problem"'s comment).
 */
const FILLED_IN: ReadonlySet<string> = new Set(['intake_answer', 'order_items', 'order_details', 'evaluate']);

/** The verb an input is namespaced by (`still_a_problem.comment`), if any: only that verb's button takes it. */
function inputVerb(id: string): string | undefined {
  const prefix = id.includes('.') ? id.slice(0, id.indexOf('.')) : undefined;
  return prefix !== undefined && (CARD_VERBS as readonly string[]).includes(prefix) ? prefix : undefined;
}

/**
 * What a click answered, as the clicked message shows it: the inputs the clicked verb takes, with a value ("label:
 * value"; the value alone when the message asks that one thing), after the button's label unless the verb's answer
 * is what was filled in (`FILLED_IN`) and something was. Undefined when the clicked element is not in the message.
 */
export function answerOf(clicked: ClickedMessage, verb: string): string | undefined {
  const label = clickedLabel(clicked);
  if (label === undefined) return undefined;
  const filledIn = FILLED_IN.has(verb);
  const takes = (id: string) => (filledIn ? (inputVerb(id) ?? verb) === verb : inputVerb(id) === verb);
  const asked = inputsShown(clicked).filter((i) => takes(i.id));
  const taken = asked.filter((i) => i.value !== undefined);
  const parts = taken.map((i) => (asked.length === 1 && filledIn ? i.value! : `${i.label}: ${i.value}`));
  return (filledIn && parts.length > 0 ? parts : [label, ...parts]).join(' · ');
}

interface ShownOption {
  value?: string;
  text?: { text?: string };
}
interface ShownElement {
  type?: string;
  action_id?: string;
  text?: { text?: string };
  options?: ShownOption[];
}

const optionText = (options: ShownOption[] | undefined, value: string): string =>
  options?.find((o) => o.value === value)?.text?.text ?? value;

/** The label of the clicked button, or the chosen option of a clicked menu, in the clicked block of the message. */
function clickedLabel(clicked: ClickedMessage): string | undefined {
  const blocks = clicked.blocks as unknown as { type: string; block_id?: string; elements?: ShownElement[] }[];
  const element = blocks
    .filter((b) => b.type === 'actions' && (!clicked.blockId || b.block_id === clicked.blockId))
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === clicked.actionId);
  if (!element) return undefined;
  if (clicked.selected !== undefined) return optionText(element.options, clicked.selected);
  return element.text?.text;
}

/** The message's inputs: their id, label and value as the click sent it (`state`), as shown; none when empty. */
function inputsShown(clicked: ClickedMessage): { id: string; label: string; value?: string }[] {
  const blocks = clicked.blocks as unknown as {
    type: string;
    block_id?: string;
    label?: { text?: string };
    element?: ShownElement;
  }[];
  const shown: { id: string; label: string; value?: string }[] = [];
  for (const block of blocks) {
    const id = block.element?.action_id;
    if (block.type !== 'input' || !block.block_id || !id) continue;
    const value = valueShown(block.element!, clicked.state?.[block.block_id]?.[id]);
    shown.push({ id, label: block.label?.text ?? id, ...(value ? { value } : {}) });
  }
  return shown;
}

const stateSchema = z.looseObject({
  value: z.string().nullish(),
  selected_option: z.looseObject({ value: z.string(), text: z.looseObject({ text: z.string() }).optional() }).nullish(),
  selected_options: z
    .array(z.looseObject({ value: z.string(), text: z.looseObject({ text: z.string() }).optional() }))
    .nullish(),
  selected_date: z.string().nullish(),
});

/** An input's value as the person sees it: the typed text, the chosen options' labels, the date. */
function valueShown(element: ShownElement, raw: unknown): string | undefined {
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const s = parsed.data;
  const chosen = s.selected_options ?? (s.selected_option ? [s.selected_option] : []);
  const labels = chosen.map((o) => o.text?.text ?? optionText(element.options, o.value));
  const value = s.value?.trim() || labels.join(', ') || s.selected_date || undefined;
  return value || undefined;
}

/**
 * Ends the clicked question of a message in the bot's DM: the message updated in place (`chat.update`) to what it
 * said, `note` under its text, without its inputs and buttons; a case card after its divider stays. False when
 * nothing was updated: not such a click (not in the DM, no message, a case card's own button), or Slack refused the
 * update (logged as `failed`).
 */
async function endInMessage(ctx: SlackContext, where: Where, note: string, failed: string): Promise<boolean> {
  const clicked = where.clicked;
  if (!where.dm || !where.channel || !where.messageTs || !clicked) return false;
  if (clicked.blockId?.startsWith('case|')) return false;
  const divider = clicked.blocks.findIndex((b) => b.type === 'divider');
  const own = divider < 0 ? clicked.blocks : clicked.blocks.slice(0, divider);
  const rest = divider < 0 ? [] : clicked.blocks.slice(divider);
  const asked = own.some((b) => b.type === 'actions' && (!clicked.blockId || b.block_id === clicked.blockId));
  if (!asked) return false;
  const said = own.filter((b) => b.type !== 'input' && b.type !== 'actions');
  const why = escapeMrkdwn(note);
  const text = truncateEscaped(clicked.text ? `${clicked.text}\n\n${why}` : why, SLACK_LIMITS.sectionText);
  const blocks = [...said, ...textAndFactBlocks(note), ...rest].slice(0, SLACK_LIMITS.blocks);
  const update = () => ctx.deps.client.chat.update({ channel: where.channel!, ts: where.messageTs!, text, blocks });
  try {
    await withReplyRetries(update, (err) => toDeliveryError(err, 'chat.update'));
    return true;
  } catch (err) {
    ctx.log.warn({ err, userId: where.userId }, failed);
    return false;
  }
}
