import { ANSWERS_IN_PLACE } from '../../cards/adaptive/render-message-adaptive.js';
import { CARD_VERBS, type CardAction, parseCardAction } from '../../cards/card-actions.js';
import { caseFormFor, type FormVerb, formVerbOf } from '../../cards/case-forms.js';
import type { ActionView, MessageView } from '../../cards/view-models.js';
import type { Person } from '../../models/case.js';
import type { ActionOutcome } from '../../services/lifecycle/case-service.js';
import { badInputText } from '../bad-input.js';
import type { SlackContext, Where } from './slack-context.js';
import { answerInDigest, digestClickedOn } from './slack-digest.js';
import { endAnswered, endQuestion } from './slack-question-ended.js';
import type { ModalView } from '@slack/types';
import { type CaseFormMeta, caseFormModal, infoModal, workingModal } from './slack-modals.js';
import { slackTexts, textView } from './slack-replies.js';

/**
 * The form a clicked case action needs before it can run, or undefined when it runs as it is: `open_form`
 * buttons, form verbs without their fields (an escalation group chosen but no reason), and a status menu choice
 * that needs the vendor or the question for the user.
 */
export function formNeeded(raw: Record<string, unknown>): FormVerb | undefined {
  if (typeof raw['verb'] !== 'string') return undefined;
  const verb = formVerbOf(raw as ActionView['action']);
  if (verb) return verb;
  if (raw['verb'] === 'set_status') {
    if (raw['status'] === 'awaiting_vendor' && !raw['vendorName']) return 'set_status';
    if (raw['status'] === 'awaiting_user' && !raw['question']) return 'set_status';
  }
  return undefined;
}

/** The fields that say which action a button is and on which case: only the button's own value sets them. */
const ACTION_IDENTITY: ReadonlySet<string> = new Set(['verb', 'caseId', 'version']);

/**
 * The inputs of a message's form that a clicked case action takes. Slack sends the state of every input in the
 * message with any click; the ones taken are the plain ones (the rating form's `score` and `comment`) and the ones
 * namespaced by the clicked verb (`order_ordered.vendor` for "Mark ordered"). An input namespaced by another verb
 * belongs to that verb's button (`order_ready.slot1`, `order_slipped.expectedAt`) and is left out, and no input may
 * name the action or its case (`verb`, `caseId`, `version`, plain or namespaced): those come from the button.
 */
function formInputsFor(verb: string, values: Record<string, unknown>): Record<string, unknown> {
  const taken: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const dot = key.indexOf('.');
    const prefix = dot > 0 ? key.slice(0, dot) : undefined;
    const namespaced = prefix !== undefined && (CARD_VERBS as readonly string[]).includes(prefix);
    if (namespaced && prefix !== verb) continue;
    if (ACTION_IDENTITY.has(namespaced ? key.slice(dot + 1) : key)) continue;
    taken[key] = value;
  }
  return taken;
}

/**
 * Runs a case action clicked on a card (channel card, DM, ephemeral lookup) or submitted by a button under a
 * message's form (the rating form, an order's approval card and desk panel), with that form's inputs
 * (`formInputsFor`; the button's own fields win). The request is acknowledged before this runs. Actions that need
 * input open a modal (needs the trigger id, valid 3 s from the click's arrival, `arrivedAt`: the clicker's look-up
 * runs inside that race, see `openCaseForm`); the rest go to `CaseService.act`. Input that cannot be used is told
 * in the clicker's language, naming the field as the form labels it (`badInputText`, as on Teams). The card in the
 * channel is updated by the outbox (the service enqueues `update_cards`); the clicker gets the service's reply and,
 * when refused because the card was stale, the fresh card with its "changed meanwhile" note. A Close in the daily
 * digest replaces the digest with it as it stands now (`answerInDigest`). A message's own question ("Yes, solved",
 * the rating) refused for good ends in that message, its buttons gone and the reason under its text (`endQuestion`);
 * answered, it ends there too, with what was answered under its text (`endAnswered`), the answer told as before.
 */
export async function runCaseAction(
  ctx: SlackContext,
  person: Person | Promise<Person>,
  raw: Record<string, unknown>,
  where: Where,
  triggerId: string | undefined,
  arrivedAt: number = Date.now(),
  values: Record<string, unknown> = {},
): Promise<void> {
  const verb = formNeeded(raw);
  if (verb && triggerId) {
    await openCaseForm(ctx, person, raw, verb, where, triggerId, arrivedAt);
    return;
  }
  const who = await person;
  const submitted = typeof raw['verb'] === 'string' ? { ...formInputsFor(raw['verb'], values), ...raw } : raw;
  const parsed = parseCardAction(submitted);
  if (!parsed.ok) {
    const locale = ctx.localeOf(who);
    await ctx.tell(where, textView(locale, badInputText(parsed.error, locale, submitted, { from: 'clicked' })));
    return;
  }
  const outcome = await ctx.deps.cases.act(who, parsed.value);
  const digest = await digestClickedOn(ctx, who, raw, parsed.value, where);
  if (digest) await answerInDigest(ctx, where, outcome, digest);
  else if (outcome.ok) {
    // The answer is told as always; the question it answered ends in its message meanwhile, not waited for.
    const answered = ANSWERS_IN_PLACE.has(parsed.value.verb) && outcome.reply && !outcome.reply.form;
    const ended = answered ? endAnswered(ctx, where, parsed.value.verb, ctx.localeOf(who)) : undefined;
    try {
      await tellOutcome(ctx, where, outcome, parsed.value);
    } finally {
      await ended;
    }
  } else if (!outcome.final || !(await endQuestion(ctx, where, parsed.value.verb, outcome.reply.text)))
    await tellOutcome(ctx, where, outcome, parsed.value);
}

/** What the actor is told of an action's outcome: the service's reply, and the fresh card on refusals and refreshes. */
function outcomeViews(outcome: ActionOutcome, action: CardAction): MessageView[] {
  if (!outcome.ok) {
    return [outcome.code === 'CASE.CONFLICT' ? { ...outcome.reply, caseCard: outcome.card } : outcome.reply];
  }
  const views: MessageView[] = [];
  if (outcome.aside) views.push(outcome.aside);
  if (outcome.reply) views.push(outcome.reply);
  else if (action.verb === 'refresh')
    views.push({ kind: 'message', locale: outcome.card.locale, text: '', caseCard: outcome.card });
  return views;
}

/** Tells the actor how an action went (`outcomeViews`), where they acted. */
export async function tellOutcome(
  ctx: SlackContext,
  where: Where,
  outcome: ActionOutcome,
  action: CardAction,
): Promise<void> {
  for (const view of outcomeViews(outcome, action)) await ctx.tell(where, view);
}

/** The form a click opens, or — when it opens none (a stale card, a refusal) — what the actor is told instead. */
type CaseFormOpening = { modal: ModalView } | { answer: MessageView[] };

/**
 * Opens the form a clicked case action needs. The clicker's look-up and the case's read race Slack's 3 s for the
 * trigger id (`SlackContext.race`, from the click's arrival): in time, the form opens (or the refusal is told where
 * they clicked); when they are slow, a "one moment" modal opens at once and is updated with the form — or with the
 * refusal, which the person is looking at in it then (or, when they closed it meanwhile or Slack would not open it,
 * is told where they clicked: `SlackContext.tell`, by the response URL, else ephemeral in the channel, else the DM).
 */
async function openCaseForm(
  ctx: SlackContext,
  person: Person | Promise<Person>,
  raw: Record<string, unknown>,
  verb: FormVerb,
  where: Where,
  triggerId: string,
  arrivedAt: number,
): Promise<void> {
  const work = (async () => {
    const who = await person;
    return { locale: ctx.localeOf(who), opening: await caseFormOpening(ctx, who, raw, verb, where) };
  })();
  const raced = await ctx.race(work, arrivedAt);
  if (raced.done) {
    const { opening } = raced.value;
    if ('modal' in opening) await ctx.openModal(triggerId, opening.modal);
    else for (const view of opening.answer) await ctx.tell(where, view);
    return;
  }
  const quick = ctx.quickLocale(where.userId);
  // Slack may refuse even the "one moment" modal (the trigger id ran out: a slow network, a busy instance).
  const opened = await ctx.openModal(triggerId, workingModal(quick)).catch((err: unknown) => {
    ctx.log.warn({ err, userId: where.userId }, 'slack: the "one moment" modal of a case form could not open');
    return undefined;
  });
  // A refusal shown in the modal is told where they clicked instead when they closed it meanwhile, or when no modal
  // opened at all (a form that cannot open says nothing: a click on the button again opens it).
  const later = raced.later.then(({ locale, opening }) =>
    'modal' in opening
      ? { view: opening.modal }
      : {
          view: infoModal(opening.answer, locale, slackTexts.caseModalTitle[locale]),
          instead: async () => {
            for (const view of opening.answer) await ctx.tell(where, view);
          },
        },
  );
  if (opened) await ctx.updateWhenDone(opened, later, quick, where.userId);
  else await (await later).instead?.();
}

/** The form a clicked case action opens, after the case is read afresh; or the answer when it opens none. */
async function caseFormOpening(
  ctx: SlackContext,
  person: Person,
  raw: Record<string, unknown>,
  verb: FormVerb,
  where: Where,
): Promise<CaseFormOpening> {
  const locale = ctx.localeOf(person);
  let view: MessageView | undefined;
  let number: string | undefined;
  if (raw['verb'] === 'open_form') {
    const parsed = parseCardAction(raw);
    if (!parsed.ok) return { answer: [textView(locale, badInputText(parsed.error, locale, raw, { from: 'clicked' }))] };
    const outcome = await ctx.deps.cases.act(person, parsed.value);
    if (!outcome.ok || !outcome.reply?.form) return { answer: outcomeViews(outcome, parsed.value) };
    view = outcome.reply;
    number = outcome.card.number;
  } else {
    const refresh = parseCardAction({ verb: 'refresh', caseId: raw['caseId'], version: raw['version'] });
    if (!refresh.ok)
      return { answer: [textView(locale, badInputText(refresh.error, locale, undefined, { from: 'clicked' }))] };
    const outcome = await ctx.deps.cases.act(person, refresh.value);
    if (!outcome.ok) return { answer: outcomeViews(outcome, refresh.value) };
    const form = caseFormFor(outcome.card, verb);
    if (!form) return { answer: [textView(locale, `${outcome.card.number}: ${outcome.card.statusLabel}`)] };
    view = { kind: 'message', locale, text: `${outcome.card.number}: ${outcome.card.title}`, form };
    number = outcome.card.number;
  }
  const meta: CaseFormMeta = {
    base: raw,
    submits: view.form!.submit.map((s) => s.action),
    ...(where.channel ? { channel: where.channel } : {}),
    dm: where.dm,
  };
  return { modal: caseFormModal(view, meta, number) };
}
