import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/adaptive/adaptive-card.js';
import { renderCaseCardAdaptive } from '../../cards/adaptive/render-case-card-adaptive.js';
import { ANSWERS_IN_PLACE, IN_MESSAGE, renderMessageAdaptive } from '../../cards/adaptive/render-message-adaptive.js';
import {
  type CardAction,
  type CardActionError,
  type CardVerb,
  type CaseForm,
  type MajorForm,
  parseCardAction,
} from '../../cards/card-actions.js';
import { isTypedKey, isTypedText } from '../../cards/typed-fields.js';
import type { ActionView, CaseCardView, FormView, MessageView } from '../../cards/view-models.js';
import { normEmail, type Person, type PersonRef } from '../../models/case.js';
import { isAppError } from '../../models/errors.js';
import { ratingForm } from '../../services/lifecycle/rating-form.js';
import { isConversationAction } from '../../services/conversations.js';
import { conversationKeyOf, isSharedChat } from './teams-activity.js';
import type { TeamsTurn } from './teams-bot.js';
import type { TeamsBotDeps } from './teams-bot-deps.js';
import { badInputText } from '../bad-input.js';
import { cardResponse } from './teams-messages.js';
import { othersReadAlong, sentToPersonalChat } from './teams-private-lists.js';
import { teamsTexts } from './teams-texts.js';

/** The `value` of an `adaptiveCard/action` invoke: the clicked `Action.Execute` (inputs merged into `data`). */
const actionInvokeValue = z.object({
  action: z
    .object({
      type: z.string().optional(),
      verb: z.string().max(100).optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    })
    .loose(),
  trigger: z.enum(['manual', 'automatic']).optional(),
});

/**
 * What the clicker sees after a card action, first to last; the last replaces the clicked card. Conversation
 * verbs (intake, order) go to the conversation router; case verbs to the case actions, whose refusal comes back
 * as the fresh card with the refusal as its notice to someone who may see the case (`refusal`). A click in the
 * daily digest keeps the digest (`fromDigest`); one on the case card inside a personal message keeps the message
 * (`keptAround`). The outbox updates the channel card for everyone else.
 */
export async function runCardAction(
  deps: TeamsBotDeps,
  turn: TeamsTurn,
  action: CardAction,
  values: Record<string, unknown>,
): Promise<(MessageView | CaseCardView)[]> {
  if (isConversationAction(action)) {
    const reply = await deps.intake.handle({
      conversationKey: conversationKeyOf(turn.activity),
      person: turn.person,
      ...(turn.activity.locale ? { locale: turn.activity.locale } : {}),
      platform: 'teams',
      action,
      values,
    });
    return reply.views;
  }
  const outcome = await deps.cases.act(turn.person, action);
  const digest = await digestClickedOn(deps, turn, values);
  if (digest) return fromDigest(outcome, action, digest);
  // Similar cases clicked on a card in a group chat or a channel that is no support group's (the clicker's own card,
  // brought by Refresh on the one everyone there sees): the list goes to the personal chat, as typed `similar` does,
  // and the card (the clicker's alone) says so.
  if (outcome.ok && outcome.aside && othersReadAlong(deps, turn)) {
    const t = teamsTexts[turn.locale];
    const sent = await sentToPersonalChat(deps, turn, outcome.aside);
    return [{ ...outcome.card, notice: sent ? t.listSentPersonally : t.listsNotHere }];
  }
  const views = caseViews(turn, outcome, values);
  const message = await messageClickedIn(deps, turn, values);
  if (message && answers(message, values)) return answeredIn(views, message, outcome, values);
  return message ? keptAround(views, message, outcome) : views;
}

/**
 * Whether a click is an answer given on the message's own form (`ANSWERS_IN_PLACE`: "Yes, solved", "No, still a
 * problem", the rating), not on a case card inside it: the form of the message as delivered has that button.
 */
function answers(message: MessageView, values: Record<string, unknown>): boolean {
  const verb = values['verb'];
  if (typeof verb !== 'string' || !ANSWERS_IN_PLACE.has(verb)) return false;
  return (message.form?.submit ?? []).some((b) => b.action.verb === verb && b.action['caseId'] === values['caseId']);
}

/**
 * An answer given on a personal message's own form ("Your case INC-… is solved" or its last part, a major
 * incident's "Does it work for you again?", the invitation to rate). Teams puts the answer where the message was, so
 * the answer is the message's title and text as delivered (the solution, or the part of it, stays in the chat to be
 * read again) with the case services' answer under it, and no form or buttons: the question is answered. A refusal
 * changed nothing. One no click will ever get past (`final`: an earlier resolution's or close's question, confirmed
 * or rated already, the reopen window passed, the case closed) ends the question: the message's text with the
 * reason under it and no buttons, as an answered one (`withAnswer`), so it is not clicked again for the same
 * refusal. Any other (a click that met another write) leaves the message as it was, the reason under its text
 * (`unanswered`), to be clicked again.
 */
function answeredIn(
  views: (MessageView | CaseCardView)[],
  message: MessageView,
  outcome: Outcome,
  values: Record<string, unknown>,
): (MessageView | CaseCardView)[] {
  if (!outcome.ok) {
    const why = outcome.reply.text;
    return [outcome.final ? withAnswer(message, why) : unanswered(message, why, values)];
  }
  const reply = outcome.reply;
  if (!reply || reply.form) return views;
  return [...(outcome.aside ? [outcome.aside] : []), withAnswer(message, reply.text)];
}

/** The message's title, text and facts as delivered with `text` under its text, and no form or buttons. */
function withAnswer(message: MessageView, text: string): MessageView {
  return {
    kind: 'message',
    locale: message.locale,
    ...(message.title ? { title: message.title } : {}),
    text: message.text ? `${message.text}\n\n${text}` : text,
    ...(message.facts ? { facts: message.facts } : {}),
  };
}

/**
 * A personal message whose own question was clicked but not answered — refused for now (a click that met another
 * write), a submission that could not be used, a click not done — as it was delivered: its
 * title, text, facts and form, whose buttons still name it, so nothing the user read is lost and a click that may be
 * made again (the store back, a comment shortened) can be, with `notice` (why) under its text and what the clicker
 * typed kept in the form's inputs.
 */
function unanswered(message: MessageView, notice: string, raw: Record<string, unknown>): MessageView {
  return {
    ...message,
    text: message.text ? `${message.text}\n\n${notice}` : notice,
    ...(message.form ? { form: filled(message.form, raw) } : {}),
  };
}

/** What a click on a case card (of its own) brings the clicker, first to last. */
function caseViews(turn: TeamsTurn, outcome: Outcome, values: Record<string, unknown>): (MessageView | CaseCardView)[] {
  if (!outcome.ok) return [refusal(outcome, values)];
  if (outcome.reply?.form) return [withBack(outcome.reply, outcome.case.id, values)];
  // A list asked for (similar cases) goes as a message — in a channel, a reply in the card's thread — and the card
  // stays as it is.
  if (outcome.aside) return [outcome.aside, outcome.card];
  if (outcome.reply && !isSharedChat(turn.activity)) return [outcome.reply];
  return [outcome.reply ? { ...outcome.card, notice: outcome.reply.text } : outcome.card];
}

/**
 * The personal message whose case card was clicked (its buttons name it: `IN_MESSAGE`, an outbox message id), as it
 * was delivered; undefined for any other card, for a message no longer kept (retention, erasure), and for a clicker
 * it was not sent to (nobody else sees its text).
 */
async function messageClickedIn(
  deps: TeamsBotDeps,
  turn: TeamsTurn,
  values: Record<string, unknown>,
): Promise<MessageView | undefined> {
  const id = values[IN_MESSAGE];
  if (typeof id !== 'string' || id === '' || id.length > 100 || !deps.sentMessages) return undefined;
  const sent = await deps.sentMessages.getOutbox(id).catch((err: unknown) => {
    // The click still does its work; its answer is the case card alone.
    deps.logger.warn({ err }, 'the message of a clicked case card could not be read');
    return null;
  });
  if (sent?.state !== 'sent' || sent.kind !== 'send_person') return undefined;
  const view = sent.payload['view'] as Partial<MessageView> | undefined;
  const to = sent.payload['person'] as Partial<PersonRef> | undefined;
  if (view?.kind !== 'message' || typeof view.text !== 'string' || !sentTo(to, turn.person)) return undefined;
  return { ...(view as MessageView), deliveredFrom: sent.id };
}

/** Whether a message addressed to `to` reached `person`: the same id, or (addressed by e-mail) the same e-mail. */
function sentTo(to: Partial<PersonRef> | undefined, person: Person): boolean {
  if (typeof to?.id !== 'string') return false;
  if (to.id === person.id) return true;
  const email = normEmail(to.email ?? (to.id.startsWith('email:') ? to.id.slice('email:'.length) : undefined));
  return email !== undefined && email === normEmail(person.email);
}

/**
 * A click on the case card inside a personal message (a supervisor's ping, "assigned to you", "reopened"). Teams
 * puts the answer where the whole message was, so the answer is the message again — its text, reason and buttons
 * as delivered — around the case card the click brings (fresh, or with a refusal or the case services' answer as
 * its notice). A form (Classify) and a refusal without a card stay as they are; the form's Back button brings the
 * message back.
 */
function keptAround(
  views: (MessageView | CaseCardView)[],
  message: MessageView,
  outcome: Outcome,
): (MessageView | CaseCardView)[] {
  const last = views.at(-1);
  const before = views.slice(0, -1);
  if (last?.kind === 'case') return [...before, { ...message, caseCard: last }];
  if (last && outcome.ok && last === outcome.reply && !last.form) {
    return [...before, { ...message, caseCard: { ...outcome.card, notice: last.text } }];
  }
  return views;
}

type Outcome = Awaited<ReturnType<TeamsBotDeps['cases']['act']>>;

/**
 * The daily digest whose button was clicked (its data names the digest's group: `digest`), as it stands now for the
 * clicker; undefined for any other card, and for a clicker who gets no digest of that group.
 */
async function digestClickedOn(
  deps: TeamsBotDeps,
  turn: TeamsTurn,
  values: Record<string, unknown>,
): Promise<MessageView | undefined> {
  const groupId = values['digest'];
  if (typeof groupId !== 'string' || !deps.digest) return undefined;
  return deps.digest.current(turn.person, groupId, turn.locale);
}

/**
 * A click in the daily digest. Teams puts the answer where the clicked card was, so the answer is the digest
 * again, refreshed (a closed case's line and button gone, the other cases still there), with what happened above
 * its text. A case card the click brings — Show, or a refusal with the current case ("changed meanwhile") — and a
 * list (similar cases) or a form come before it as new messages in the chat.
 */
function fromDigest(outcome: Outcome, action: CardAction, digest: MessageView): (MessageView | CaseCardView)[] {
  const topped = (text: string): MessageView => ({ ...digest, text: `${text}\n\n${digest.text}` });
  if (!outcome.ok) {
    return outcome.card ? [{ ...outcome.card, notice: outcome.reply.text }, digest] : [topped(outcome.reply.text)];
  }
  if (action.verb === 'refresh' || action.verb === 'similar') return [outcome.aside ?? outcome.card, digest];
  const before = [...(outcome.aside ? [outcome.aside] : []), ...(outcome.reply?.form ? [outcome.reply] : [])];
  const said =
    outcome.reply && !outcome.reply.form
      ? outcome.reply.text
      : teamsTexts[digest.locale].nowStatus(outcome.card.number, outcome.card.statusLabel);
  return [...before, topped(said)];
}

/**
 * A form the case services sent for a card button (`open_form`: Classify on the channel card, the major-incident
 * forms), with a button back to the case card: Teams shows the answer in place of the clicked card for the
 * clicker alone, and the form card has no `refresh` (Teams would fetch the case card at once and take the form
 * away), so Back asks for the case card (`refresh`) without submitting the form.
 */
function withBack(reply: MessageView, caseId: string, values: Record<string, unknown>): MessageView {
  // Clicked inside a personal message: back to the message (`keptAround`).
  const inMessage = typeof values[IN_MESSAGE] === 'string' ? { [IN_MESSAGE]: values[IN_MESSAGE] } : {};
  const back: ActionView = {
    action: { verb: 'refresh', caseId, ...inMessage },
    label: teamsTexts[reply.locale].backToCase,
  };
  // The form's own submit too: its answer (the case card, a refusal) comes back inside the message as Back does.
  const form = reply.form && {
    ...reply.form,
    submit: reply.form.submit.map((b) => ({ ...b, action: { ...b.action, ...inMessage } })),
  };
  return { ...reply, ...(form ? { form } : {}), actions: [...(reply.actions ?? []), back] };
}

type Refused = Extract<Outcome, { ok: false }>;

/**
 * A refused case action as the clicker sees it: the fresh card with the refusal as its notice, when the case
 * services attached one — they do only for someone who may see the case, so a forwarded card of someone else's
 * case gets the message alone — else the message (no case, or a clicker who may not see it). What the clicker typed
 * into the submitted form (a solution refused as "changed meanwhile", a note of a transition not allowed now) stays
 * in its inputs on the fresh card (`CaseCardView.typed`), where that form is still on it, to be sent again; nothing
 * is submitted again by itself.
 */
function refusal(outcome: Refused, values: Record<string, unknown>): MessageView | CaseCardView {
  if (!outcome.card) return outcome.reply;
  const typed = typedIn(values);
  return { ...outcome.card, notice: outcome.reply.text, ...(typed ? { typed } : {}) };
}

function render(view: MessageView | CaseCardView, refreshUserIds: string[]): AdaptiveCard {
  if (view.kind === 'case') return renderCaseCardAdaptive(view, { refreshUserIds });
  const card = renderMessageAdaptive(view);
  const back = RETRIES.has(view) ? view.actions?.[0]?.action : undefined;
  return back
    ? { ...card, refresh: { action: { type: 'Action.Execute', verb: 'refresh', data: back }, userIds: refreshUserIds } }
    : card;
}

/**
 * The answer to a card submission that could not be used, in the clicker's language (`badInputText`): the clicked
 * card again with that notice (`keptCard`: the case card with its buttons and refresh, inside the personal message
 * it came in, or the daily digest), provided the clicker may see the case (the case services decide, as for a
 * refresh); else the notice alone. A store that does not answer the reads either gets the notice with a way back to
 * the case (`retryMessage`).
 */
async function badSubmission(
  deps: TeamsBotDeps,
  turn: TeamsTurn,
  raw: Record<string, unknown>,
  error: CardActionError | undefined,
): Promise<MessageView | CaseCardView> {
  const notice = badInputText(error, turn.locale, raw);
  try {
    return (await keptCard(deps, turn, raw, notice)) ?? { kind: 'message', locale: turn.locale, text: notice };
  } catch (err) {
    deps.logger.warn({ err }, 'the card of a submission that could not be used could not be read');
    return retryMessage(turn, raw, notice);
  }
}

/**
 * The clicked card as it stands now, with `notice` on it: the daily digest (the notice above its text), else the
 * case card — inside the personal message it came in (`messageClickedIn`) — with what the clicker typed kept in its
 * inputs and forms (`CaseCardView.typed`). Undefined when the data names no case, or the clicker may not see it.
 * Reads only; throws what the store throws.
 */
async function keptCard(
  deps: TeamsBotDeps,
  turn: TeamsTurn,
  raw: Record<string, unknown>,
  notice: string,
): Promise<MessageView | CaseCardView | undefined> {
  const digest = await digestClickedOn(deps, turn, raw);
  if (digest) return { ...digest, text: `${notice}\n\n${digest.text}` };
  const refresh = parseCardAction({ verb: 'refresh', caseId: raw['caseId'] });
  if (!refresh.ok) return undefined;
  const fresh = await deps.cases.act(turn.person, refresh.value);
  if (!fresh.ok) return undefined;
  const typed = typedIn(raw);
  const card: CaseCardView = { ...fresh.card, notice, ...(typed ? { typed } : {}) };
  const clickedIn = await messageClickedIn(deps, turn, raw);
  if (!clickedIn) return card;
  // An answer on the message's own form (`answers`): the message as it was, the notice under its text.
  return answers(clickedIn, raw) ? unanswered(clickedIn, notice, raw) : { ...clickedIn, caseCard: card };
}

/**
 * The text values a submission carried (its inputs, `note.text` …), none of the button's own data: the typed
 * fields of the `Action.Execute` data (`isTypedKey`, `isTypedText`); undefined if none.
 */
function typedIn(raw: Record<string, unknown>): Record<string, string> | undefined {
  const typed = Object.entries(raw).filter((e): e is [string, string] => isTypedKey(e[0]) && isTypedText(e[1]));
  return typed.length > 0 ? Object.fromEntries(typed) : undefined;
}

/**
 * The notice alone, for a click whose card cannot be shown again (the store answers no reads either): with a button
 * back to the case when the click named one, kept in the personal message or digest it came from, so the card is
 * one click away once the store answers again.
 */
function retryMessage(turn: TeamsTurn, raw: Record<string, unknown>, notice: string): MessageView {
  const message: MessageView = { kind: 'message', locale: turn.locale, text: notice };
  const caseId = raw['caseId'];
  if (typeof caseId !== 'string' || caseId.trim() === '' || caseId.length > 200) return message;
  const version = typeof raw['version'] === 'number' ? { version: raw['version'] } : {};
  const from = Object.fromEntries(
    [IN_MESSAGE, 'digest']
      .map((k) => [k, raw[k]] as const)
      .filter(([, v]) => typeof v === 'string' && v !== '' && v.length <= 100),
  );
  const back: ActionView = {
    action: { verb: 'refresh', caseId, ...version, ...from },
    label: teamsTexts[turn.locale].backToCase,
  };
  const retry: MessageView = { ...message, actions: [back] };
  RETRIES.add(retry);
  return retry;
}

/**
 * The answers of `retryMessage` with a button back to the case: rendered with that button's refresh as their own
 * (`render`), so Teams asks for the case card again by itself and the card comes back once the store answers.
 */
const RETRIES = new WeakSet<MessageView>();

/**
 * Forms that come as a message of their own, answering an `open_form` click (`withBack`), by the verb they submit:
 * classify (`ON_DEMAND_FORMS` of the Teams case card) and the major-incident forms. Their inputs are named after the
 * fields (no verb prefix).
 */
const MESSAGE_FORMS: Partial<Record<CardVerb, CaseForm | MajorForm>> = {
  classify: 'classify',
  declare_major: 'declare_major',
  link_major: 'link_major',
  major_update: 'major_update',
};

/**
 * The answer to a case-card click whose work could not be done (`notice`: the store is not answering, or
 * something failed): nothing was changed, and the clicker gets back what they clicked, usable, so the same click
 * can be made again — the form of a form message again (`MESSAGE_FORMS`), with what was typed in it; the rating form
 * of a closed case again, with the rating and comment given (inside the invitation it was sent from, its text above
 * the notice); else the clicked card (`keptCard`); and, when the
 * store answers no reads either, the notice with a way back to the case (`retryMessage`).
 */
async function notDone(
  deps: TeamsBotDeps,
  turn: TeamsTurn,
  action: CardAction,
  raw: Record<string, unknown>,
  notice: string,
): Promise<MessageView | CaseCardView> {
  if (action.verb === 'evaluate') {
    // Sent from the invitation's own form: the invitation as delivered, its text above the notice and its form with
    // what was given (`unanswered`), when the store answers that read.
    const invitation = await messageClickedIn(deps, turn, raw);
    if (invitation && answers(invitation, raw)) return unanswered(invitation, notice, raw);
    // Else the form alone: version-free, and its form is the case's id and version alone, so it is given again
    // without reading anything; its button still names the invitation (`IN_MESSAGE`), so the thanks that follows
    // keeps the invitation's text (`answeredIn`) as a first click's would.
    const form = filled(ratingForm({ id: action.caseId, version: action.version }, turn.locale), raw);
    const inMessage = inMessageOf(raw);
    const submit = form.submit.map((b) => ({ ...b, action: { ...b.action, ...inMessage } }));
    return { kind: 'message', locale: turn.locale, text: notice, form: { ...form, submit } };
  }
  try {
    const form = MESSAGE_FORMS[action.verb];
    if (form && 'caseId' in action && action.version !== undefined) {
      const open = parseCardAction({ verb: 'open_form', caseId: action.caseId, version: action.version, form });
      const reopened = open.ok ? await deps.cases.act(turn.person, open.value) : undefined;
      if (reopened?.ok && reopened.reply?.form) {
        const text = `${notice}\n\n${reopened.reply.text}`;
        const reply = { ...reopened.reply, text, form: filled(reopened.reply.form, raw) };
        return withBack(reply, action.caseId, raw);
      }
    }
    return (await keptCard(deps, turn, raw, notice)) ?? retryMessage(turn, raw, notice);
  } catch (err) {
    deps.logger.warn({ err }, 'the card of a click that could not be done could not be read either');
    return retryMessage(turn, raw, notice);
  }
}

/** The message a click names (`IN_MESSAGE`, as `messageClickedIn` takes it), to name it again; else nothing. */
function inMessageOf(raw: Record<string, unknown>): Record<string, string> {
  const id = raw[IN_MESSAGE];
  return typeof id === 'string' && id !== '' && id.length <= 100 ? { [IN_MESSAGE]: id } : {};
}

/** `form` with the values a submission of it carried (`typedIn`) in its inputs. */
function filled(form: FormView, raw: Record<string, unknown>): FormView {
  const typed = typedIn(raw) ?? {};
  return { ...form, inputs: form.inputs.map((i) => (typed[i.id] !== undefined ? { ...i, value: typed[i.id] } : i)) };
}

/** The data of an invoke `value` that is not the expected shape (a verb too long …), when it is an object; else none. */
function looseData(value: unknown): Record<string, unknown> {
  const data = (value as { action?: { data?: unknown } } | null | undefined)?.action?.data;
  return data && typeof data === 'object' && !Array.isArray(data) ? { ...(data as Record<string, unknown>) } : {};
}

/**
 * An `Action.Execute` invoke: parse the action (verb + data + inputs) with `parseCardAction`, run it, and answer
 * with the card that replaces the clicked one (earlier views, if any, are sent as messages first). A bad
 * submission is answered with a card saying what was wrong (`badSubmission`), never an error status; a case action
 * that could not be done (the store not answering, a failure) with the clicked card again, usable, saying so
 * (`notDone`): Teams shows the answer in place of the clicked card, which would otherwise stand without buttons.
 */
export async function handleCardAction(deps: TeamsBotDeps, turn: TeamsTurn): Promise<void> {
  const t = teamsTexts[turn.locale];
  const answer = (view: MessageView | CaseCardView) =>
    turn.respond(cardResponse(render(view, [turn.activity.from.id])));
  const value = actionInvokeValue.safeParse(turn.activity.value);
  if (!value.success) return answer(await badSubmission(deps, turn, looseData(turn.activity.value), undefined));
  const data = value.data.action.data ?? {};
  const raw = { ...data, verb: typeof data['verb'] === 'string' ? data['verb'] : value.data.action.verb };
  const parsed = parseCardAction(raw);
  if (!parsed.ok) return answer(await badSubmission(deps, turn, raw, parsed.error));
  let views: (MessageView | CaseCardView)[];
  try {
    views = await runCardAction(deps, turn, parsed.value, raw);
  } catch (err) {
    // The conversations (intake, order) answer a store that is not answering themselves; anything else they throw
    // is the turn handler's to answer.
    if (isConversationAction(parsed.value)) throw err;
    const down = isAppError(err, 'STORE.UNAVAILABLE');
    if (down)
      deps.logger.warn({ err, verb: parsed.value.verb }, 'Teams card action not done: the store is not answering');
    else deps.logger.error({ err, verb: parsed.value.verb }, 'Teams card action failed');
    return answer(await notDone(deps, turn, parsed.value, raw, down ? t.storeDown : t.failed));
  }
  const last = views.at(-1);
  if (!last) return answer({ kind: 'message', locale: turn.locale, text: t.updated });
  let unsent = false;
  for (const view of views.slice(0, -1)) {
    try {
      if (view.kind === 'message') await turn.reply(view);
      // A case card of its own (Show in the digest) keeps itself current for the clicker, as the answered one does.
      else
        await turn.reply({ kind: 'message', locale: turn.locale, text: '', caseCard: view }, [turn.activity.from.id]);
    } catch (err) {
      // The click did its work: its card is still the answer, saying that something went wrong, so the list or
      // card Teams refused (similar cases, Show in the digest) can be asked for again from it.
      deps.logger.warn({ err, verb: parsed.value.verb }, 'Teams: a message answering a card click could not be sent');
      unsent = true;
    }
  }
  await answer(unsent ? withNotice(last, t.failed) : last);
}

/** `view` with `notice` on it: above a case card's own notice, or above a message's text. */
function withNotice(view: MessageView | CaseCardView, notice: string): MessageView | CaseCardView {
  const above = (text: string | undefined) => (text ? `${notice}\n\n${text}` : notice);
  if (view.kind === 'case') return { ...view, notice: above(view.notice) };
  return view.caseCard && !view.text
    ? { ...view, caseCard: { ...view.caseCard, notice: above(view.caseCard.notice) } }
    : { ...view, text: above(view.text) };
}
