import { Activity } from '@microsoft/agents-activity';
import type { AdaptiveCard } from '../../cards/adaptive/adaptive-card.js';
import { renderCaseCardAdaptive } from '../../cards/adaptive/render-case-card-adaptive.js';
import { renderMessageAdaptive } from '../../cards/adaptive/render-message-adaptive.js';
import type { CaseCardView, MessageView } from '../../cards/view-models.js';

/** The content type of an Adaptive Card attachment and of an `adaptiveCard/action` card response. */
export const ADAPTIVE_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** The content type of an `adaptiveCard/action` response that shows a short message instead of a card. */
export const MESSAGE_RESPONSE_TYPE = 'application/vnd.microsoft.activity.message';

/** Teams ids are sent bare; view models carry them platform-qualified (`teams:<id>`). */
export function bareTeamsId(id: string): string {
  return id.startsWith('teams:') ? id.slice('teams:'.length) : id;
}

/** A plain message activity (JSON) carrying one Adaptive Card, with fallback text for notifications. */
export interface CardActivity {
  type: 'message';
  text?: string;
  summary?: string;
  attachments: { contentType: string; content: AdaptiveCard }[];
  entities?: Record<string, unknown>[];
}

function cardActivity(card: AdaptiveCard): CardActivity {
  return {
    type: 'message',
    ...(card.fallbackText ? { summary: card.fallbackText } : {}),
    attachments: [{ contentType: ADAPTIVE_CONTENT_TYPE, content: card }],
  };
}

/**
 * A personal message or prompt as a Teams activity. A `mention` also goes into the activity: its `<at>` text and
 * a `mention` entity, so Teams notifies the person (a mention only inside the card does not notify in a thread).
 * A message that only wraps a case card (no text, title, form or buttons) is sent as that case card, refreshed
 * automatically for `refreshUserIds` (default none).
 */
export function messageActivity(view: MessageView, refreshUserIds?: string[]): CardActivity {
  const bare = view.text.trim() === '' && !view.title && !view.form && !view.actions?.length && !view.mention;
  if (bare && view.caseCard) return caseCardActivity(view.caseCard, refreshUserIds);
  const activity = cardActivity(renderMessageAdaptive(view));
  if (view.mention) {
    const text = `<at>${view.mention.name}</at>`;
    activity.text = text;
    activity.entities = [
      { type: 'mention', text, mentioned: { id: bareTeamsId(view.mention.id), name: view.mention.name } },
    ];
  }
  return activity;
}

/** A case card as a Teams activity; `refreshUserIds` makes those users' clients fetch the current card. */
export function caseCardActivity(view: CaseCardView, refreshUserIds?: string[]): CardActivity {
  return cardActivity(renderCaseCardAdaptive(view, refreshUserIds ? { refreshUserIds } : {}));
}

/** The body of an invoke response to `adaptiveCard/action`. */
export interface ActionInvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

/** Invoke response: replace the clicked card with this one. */
export function cardResponse(card: AdaptiveCard): { status: number; body: ActionInvokeBody } {
  return { status: 200, body: { statusCode: 200, type: ADAPTIVE_CONTENT_TYPE, value: card } };
}

/**
 * An activity for `TurnContext.sendActivity`, built without validating it: `sendActivities` runs the SDK's
 * `Activity.fromObject` (a zod parse) on every activity it sends, so building it with `fromObject` as well would
 * parse each reply twice. Invalid content still fails there, as before.
 */
export function outgoingActivity<T extends { type: string }>(activity: T): Activity {
  return Object.assign(new Activity(activity.type), activity);
}
