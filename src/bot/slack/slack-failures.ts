import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import type { SlackMessage } from '../../cards/slack/render-case-card-blocks.js';
import { escapeMrkdwn, mrkdwnText, SLACK_LIMITS, truncateEscaped } from '../../cards/slack/slack-text.js';
import { truncate } from '../../cards/truncate.js';
import { isTypedKey, isTypedText } from '../../cards/typed-fields.js';
import type { Locale } from '../../models/case.js';
import type { SlackContext, Where } from './slack-context.js';
import { failureModal } from './slack-modals.js';
import { parseMetadata } from './slack-payloads.js';
import { failureText, slackTexts, textView } from './slack-replies.js';

type Args = AnyMiddlewareArgs & AllMiddlewareArgs & { respond?: RespondFn };

/**
 * Who sent a Slack request, and from where: the slash command's, the click's or the event's user and channel, or
 * for a submitted case form the channel it was opened from and whether that was the bot's DM. `dm` is true only
 * for the bot's own DM (a message event's `channel_type: im`, a form opened there) or when there is no channel.
 */
function senderOf(body: Record<string, unknown>): { userId: string; channel?: string; dm: boolean } | undefined {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const event = obj(body['event']);
  // A bot's own message (ours included) is nobody to tell.
  if (str(event['bot_id'])) return undefined;
  const userId = str(body['user_id']) ?? str(obj(body['user'])['id']) ?? str(event['user']);
  if (!userId) return undefined;
  // A submitted case form carries the channel it was opened from (a modal's payload has none).
  const form = parseMetadata(str(obj(body['view'])['private_metadata'])) ?? {};
  const channel =
    str(body['channel_id']) ?? str(obj(body['channel'])['id']) ?? str(event['channel']) ?? str(form['channel']);
  const dm = channel === undefined || event['channel_type'] === 'im' || (!event['channel'] && form['dm'] === true);
  return { userId, dm, ...(channel ? { channel } : {}) };
}

/**
 * Registers, first of all middleware, the answer a person gets when their request fails after Slack was
 * acknowledged (where Bolt's error handler only logs and the person would hear nothing): "our case system is not
 * answering, nothing was lost" when the store threw `STORE.UNAVAILABLE`, otherwise "something went wrong". It goes
 * into the modal for a submitted form, to the response URL when the request has one (slash commands, clicks on
 * messages: an ephemeral note; the channel or the DM when that URL certainly takes none), else to the DM or as an ephemeral note in the channel (`ctx.tell`) — for a case
 * form whose modal has closed, the channel it was opened from, where its answer would have gone, with what was typed
 * into the form quoted back under it when its action failed (`keepTyped`, `typedBackMessage`). Typeahead
 * searches get none (the menu shows nothing). The error is passed on to Bolt's error handler, which logs it.
 */
export function registerFailureReplies(bolt: App, ctx: SlackContext): void {
  bolt.use(async (args) => {
    try {
      await args.next();
    } catch (err) {
      await tellFailure(ctx, args as Args, err).catch((failed: unknown) =>
        ctx.log.warn({ err: failed }, 'slack: could not tell the person that their request failed'),
      );
      throw err;
    }
  });
}

async function tellFailure(ctx: SlackContext, args: Args, err: unknown): Promise<void> {
  const body = args.body as Record<string, unknown>;
  if (body['type'] === 'block_suggestion') return;
  const sender = senderOf(body);
  if (!sender) return;
  // No look-up here: the person's language from memory (their request looked them up), else the default — the
  // modal's answer must come within Slack's 3 s, and whatever failed may be what a look-up needs.
  const locale = ctx.quickLocale(sender.userId);
  const text = failureText(err, locale);
  if (body['type'] === 'view_submission') {
    // Said in the modal itself when the submission is not acknowledged yet; else (the modal closed) as below.
    const ack = (args as { ack?: (response: unknown) => Promise<void> }).ack;
    const view = failureModal(err, locale);
    const acked = await ack?.({ response_action: 'update', view }).then(
      () => true,
      () => false,
    );
    if (acked) return;
  }
  // Through the response URL when the request has one (an ephemeral note; when the URL certainly takes none, the
  // channel or the DM, as for any answer); else, not in the bot's DM, an ephemeral note in the channel, or the DM
  // when Slack refuses that channel.
  const where: Where = {
    userId: sender.userId,
    dm: args.respond ? false : sender.dm,
    ...(sender.channel ? { channel: sender.channel } : {}),
    ...(args.respond ? { respond: args.respond } : {}),
  };
  const typed = typedWith.get(err as object);
  if (typed) await ctx.answer(where, typedBackMessage(locale, text, typed));
  else await ctx.tell(where, textView(locale, text));
}

/** A text a person typed into a form's input, with the input's label. */
export interface TypedText {
  label: string;
  text: string;
}

/** At most this many typed texts are quoted back, each cut to `TYPED_MAX` characters: within Slack's limits. */
const TYPED_FIELDS = 4;
export const TYPED_MAX = 2500;

/** What was typed into a case form whose action failed after its modal closed, by the error (`keepTyped`). */
const typedWith = new WeakMap<object, readonly TypedText[]>();

/**
 * Keeps what was typed into a submitted form with the error its action failed with, so that the failure's answer
 * (`tellFailure`) quotes it back: the modal has closed, and the person copies their text from the answer instead of
 * typing it again. Nothing is kept for an error that is no object, or when nothing was typed.
 */
export function keepTyped(err: unknown, typed: readonly TypedText[]): void {
  if (typed.length > 0 && typeof err === 'object' && err !== null) typedWith.set(err, typed);
}

const submittedView = z
  .object({
    state: z
      .object({
        values: z.record(
          z.string(),
          z.record(z.string(), z.object({ type: z.string().optional(), value: z.string().nullish() }).loose()),
        ),
      })
      .loose()
      .optional()
      .catch(undefined),
    blocks: z
      .array(
        z.object({ block_id: z.string().optional(), label: z.object({ text: z.string() }).loose().optional() }).loose(),
      )
      .optional()
      .catch(undefined),
  })
  .loose();

/**
 * The texts typed into a submitted modal's text inputs (`plain_text_input`; choices are not typed and are quickly
 * chosen again), in the modal's order, each with its input's label (Slack sends the view's blocks with the
 * submission), else its input id: the typed fields of the modal's state (`isTypedKey`, `isTypedText`).
 */
export function typedInForm(view: unknown): TypedText[] {
  const parsed = submittedView.safeParse(view);
  if (!parsed.success) return [];
  const labels = new Map((parsed.data.blocks ?? []).map((b) => [b.block_id, b.label?.text]));
  const typed: TypedText[] = [];
  for (const [blockId, block] of Object.entries(parsed.data.state?.values ?? {})) {
    for (const [actionId, el] of Object.entries(block)) {
      if (el.type !== 'plain_text_input' || !isTypedKey(actionId) || !isTypedText(el.value)) continue;
      typed.push({ label: labels.get(blockId) || actionId, text: el.value });
    }
  }
  return typed.slice(0, TYPED_FIELDS);
}

/**
 * The failure's notice (`text`) with what the person typed quoted back under it: each text under its label in a
 * preformatted rich text block, which Slack shows as typed — no formatting, no mentions, no links (`<!channel>`
 * and `<@U…>` show as written and ping nobody); a text longer than `TYPED_MAX` is cut, and the cut is said. The
 * message's plain `text` (notifications) has the same, escaped for mrkdwn (`escapeMrkdwn`) in a code block.
 */
export function typedBackMessage(locale: Locale, text: string, typed: readonly TypedText[]): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwnText(text, SLACK_LIMITS.sectionText) },
    { type: 'section', text: mrkdwnText(slackTexts.typedBack[locale], SLACK_LIMITS.sectionText) },
  ];
  const fallback = [escapeMrkdwn(text), escapeMrkdwn(slackTexts.typedBack[locale])];
  const count = (n: number) => n.toLocaleString(locale === 'da' ? 'da-DK' : 'en-GB');
  for (const { label, text: typedText } of typed) {
    const shown = truncate(typedText, TYPED_MAX);
    const total = Array.from(typedText).length;
    const cut =
      shown === typedText ? undefined : slackTexts.typedCut[locale](count(Array.from(shown).length - 1), count(total));
    blocks.push({
      type: 'rich_text',
      elements: [
        {
          type: 'rich_text_section',
          elements: [{ type: 'text', text: truncate(label, SLACK_LIMITS.label), style: { bold: true } }],
        },
        { type: 'rich_text_preformatted', elements: [{ type: 'text', text: shown }] },
        ...(cut
          ? [
              {
                type: 'rich_text_section' as const,
                elements: [{ type: 'text' as const, text: cut, style: { italic: true } }],
              },
            ]
          : []),
      ],
    });
    const quoted = `*${escapeMrkdwn(label)}*\n\`\`\`\n${escapeMrkdwn(shown)}\n\`\`\``;
    fallback.push(cut ? `${quoted}\n_${escapeMrkdwn(cut)}_` : quoted);
  }
  return { text: truncateEscaped(fallback.join('\n\n'), TYPED_FIELDS * (TYPED_MAX + 200) + 1000), blocks };
}
