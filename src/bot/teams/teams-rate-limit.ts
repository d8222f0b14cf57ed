import type { TurnContext } from '@microsoft/agents-hosting';
import type { AdaptiveCard } from '../../cards/adaptive/adaptive-card.js';
import { renderMessageAdaptive } from '../../cards/adaptive/render-message-adaptive.js';
import type { MessageView } from '../../cards/view-models.js';
import type { Logger } from '../../logger.js';
import type { Locale } from '../../models/case.js';
import { type RateLimiter, rateLimitedText, searchBudgetKey } from '../../services/rate-limit.js';
import { localeOf } from './teams-activity.js';
import { cardResponse, messageActivity, outgoingActivity } from './teams-messages.js';
import { SEARCH_INVOKE, searchResponse } from './teams-search.js';

export interface TeamsRateLimitDeps {
  limiter: RateLimiter;
  defaultLocale: Locale;
  logger: Logger;
}

/**
 * For a case card's `refresh` (Teams asking for the current card, automatically or on a click) answered with the
 * rate-limit notice: the same refresh action for the asking user, so Teams asks again later and the notice gives
 * way to the case card instead of staying as a dead end without buttons. Only the case id and version are copied
 * from the request (what a case card's refresh carries). Undefined for any other action. Also kept by the answer to a
 * refresh that failed (`TeamsBot`: the store did not answer), for the same reason.
 */
export function refreshBlock(value: unknown, userId: string | undefined): AdaptiveCard['refresh'] | undefined {
  const action = (value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
  const raw = action?.data && typeof action.data === 'object' ? (action.data as Record<string, unknown>) : {};
  const verb = typeof raw['verb'] === 'string' ? raw['verb'] : action?.verb;
  if (verb !== 'refresh' || typeof raw['caseId'] !== 'string' || !userId) return undefined;
  const data = {
    verb: 'refresh',
    caseId: raw['caseId'].slice(0, 100),
    ...(typeof raw['version'] === 'number' ? { version: raw['version'] } : {}),
  };
  return { action: { type: 'Action.Execute', verb: 'refresh', data }, userIds: [userId] };
}

/**
 * Wraps the Teams turn handler with per-user rate limiting: messages and invokes from a person over their budget
 * never reach the handler (no store or service call). The first refusal of a notice window answers with the
 * friendly message; later messages are dropped quietly. An invoke always gets the friendly message as its card:
 * a card click (or a card's automatic refresh) must be answered with a Universal Actions response — an empty 200
 * shows as an error in Teams — and nothing is sent into the chat for it; a case card's refresh keeps its refresh
 * block (`refreshBlock`), so the case card comes back once the person is under the limit again. A typeahead search gets no results.
 */
export function rateLimitedTurn(
  deps: TeamsRateLimitDeps,
  onTurn: (context: TurnContext) => Promise<void>,
): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const a = context.activity;
    const from = a.from as { id?: unknown; aadObjectId?: unknown } | undefined;
    const who = typeof from?.aadObjectId === 'string' ? from.aadObjectId : from?.id;
    const limited = (a.type === 'message' || a.type === 'invoke') && typeof who === 'string';
    // Typeahead (a searched assign menu asks as the person types) has a budget of its own, so finding a person
    // never uses up the clicks that follow; a limited search gets no results, never a message card.
    const search = a.type === 'invoke' && a.name === SEARCH_INVOKE;
    const key = `teams:${who}`;
    const decision = limited ? deps.limiter.take(search ? searchBudgetKey(key) : key) : 'allow';
    if (decision === 'allow') {
      await onTurn(context);
      return;
    }
    if (search) {
      await context.sendActivity(outgoingActivity({ type: 'invokeResponse', value: searchResponse([]) }));
      return;
    }
    const invoke = a.type === 'invoke';
    if (decision === 'drop' && !invoke) return;
    if (decision !== 'drop') deps.logger.warn({ personId: `teams:${who}` }, 'teams: person rate limited');
    const locale = localeOf(a.locale) ?? deps.defaultLocale;
    const view: MessageView = { kind: 'message', locale, text: rateLimitedText[locale] };
    if (invoke) {
      const card = renderMessageAdaptive(view);
      const refresh = refreshBlock(a.value, typeof from?.id === 'string' ? from.id : undefined);
      const value = cardResponse(refresh ? { ...card, refresh } : card);
      await context.sendActivity(outgoingActivity({ type: 'invokeResponse', value }));
    } else {
      await context.sendActivity(outgoingActivity(messageActivity(view)));
    }
  };
}
