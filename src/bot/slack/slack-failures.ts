import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, RespondFn } from '@slack/bolt';
import type { SlackContext, Where } from './slack-context.js';
import { failureModal } from './slack-modals.js';
import { parseMetadata } from './slack-payloads.js';
import { failureText, textView } from './slack-replies.js';

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
 * form whose modal has closed, the channel it was opened from, where its answer would have gone. Typeahead
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
  await ctx.tell(where, textView(locale, text));
}
