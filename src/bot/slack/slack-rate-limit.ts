import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { Locale } from '../../models/case.js';
import type { Directory } from '../../services/ports/directory.js';
import { type RateLimiter, rateLimitedText, searchBudgetKey } from '../../services/rate-limit.js';
import type { SlackWebClient } from './slack-client.js';
import { slackPersonId } from './slack-ids.js';
import { noticeModal } from './slack-modals.js';
import { slackTexts } from './slack-replies.js';

export interface SlackRateLimitDeps {
  limiter: RateLimiter;
  client: SlackWebClient;
  /** For the language of the notice in the DM, sent after the acknowledgement (asked once per notice window). */
  directory: Directory;
  /**
   * The person's language without a look-up, for the answer that is the acknowledgement itself (a limited form's):
   * `SlackTransport.quickLocale`, the one memory of languages every such answer reads.
   */
  quickLocale: (userId: string) => Locale;
  defaultLocale: Locale;
  logger: Logger;
}

/** The Slack user behind a request: commands carry `user_id`, interactions `user.id`, events `event.user`. */
export function slackRequester(body: unknown): string | undefined {
  const b = body as {
    user_id?: unknown;
    user?: { id?: unknown };
    event?: { user?: unknown; bot_id?: unknown };
  };
  if (typeof b.user_id === 'string') return b.user_id;
  if (typeof b.user?.id === 'string') return b.user.id;
  if (b.event && b.event.bot_id === undefined && typeof b.event.user === 'string') return b.event.user;
  return undefined;
}

/** The first input block of a submitted form (its state's first key), where a refusal can be shown. */
function firstInputBlock(body: unknown): string | undefined {
  const values = (body as { view?: { state?: { values?: unknown } } }).view?.state?.values;
  return values && typeof values === 'object' ? Object.keys(values)[0] : undefined;
}

/**
 * Global Bolt middleware: per-user rate limiting before any listener (and so before any service call). A
 * limited request is acknowledged (Slack must never retry it) and goes no further; the first one of a notice
 * window also gets the friendly message in the person's DM with the bot. A limited form submission keeps its
 * modal open, with the message on its first input (a form without inputs gets it in a modal pushed on top, whose
 * Close goes back to the form), so nothing typed is lost. Options requests (typing in a searched menu) count
 * against a budget of their own; a limited one is answered with no options and no message.
 */
export function slackRateLimit(deps: SlackRateLimitDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const userId = slackRequester(args.body);
    // A searched menu asks on every keystroke: typing has a budget of its own (so finding a person never uses up
    // the clicks that follow), and a limited one gets no options (Slack wants a list) and no DM.
    const typing = (args.body as { type?: unknown }).type === 'block_suggestion';
    const person = userId ? slackPersonId(userId) : undefined;
    const key = person && typing ? searchBudgetKey(person) : person;
    const decision = key ? deps.limiter.take(key) : 'allow';
    if (decision === 'allow' || !userId) {
      await args.next();
      return;
    }
    const ack =
      'ack' in args && typeof args.ack === 'function' ? (args.ack as (answer?: unknown) => Promise<void>) : undefined;
    if ((args.body as { type?: unknown }).type === 'view_submission') {
      // Answered in the form itself, in the language kept from the person's last look-up (no look-up before an ack).
      const locale = deps.quickLocale(userId);
      const text = rateLimitedText[locale];
      const block = firstInputBlock(args.body);
      await ack?.(
        block
          ? { response_action: 'errors', errors: { [block]: text } }
          : { response_action: 'push', view: noticeModal(locale, slackTexts.notDone[locale], text) },
      );
      if (decision !== 'drop') deps.logger.warn({ userId }, 'slack: person rate limited (a form submission)');
      return;
    }
    await ack?.(typing ? { options: [] } : undefined);
    if (decision === 'drop' || typing) return;
    deps.logger.warn({ userId }, 'slack: person rate limited');
    let locale = deps.defaultLocale;
    try {
      const person = await deps.directory.lookup(slackPersonId(userId));
      if (person?.locale === 'da' || person?.locale === 'en') locale = person.locale;
    } catch {
      // The default language will do.
    }
    await deps.client.chat.postMessage({ channel: userId, text: rateLimitedText[locale] });
  };
}
