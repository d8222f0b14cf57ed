import { type CardAction, parseCardAction } from '../../cards/card-actions.js';
import { caseFormFor, type FormVerb, formVerbOf } from '../../cards/case-forms.js';
import type { ActionView, MessageView } from '../../cards/view-models.js';
import type { Person } from '../../models/case.js';
import type { ActionOutcome } from '../../services/lifecycle/case-service.js';
import type { SlackContext, Where } from './slack-context.js';
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

/**
 * Runs a case action clicked on a card (channel card, DM, ephemeral lookup). The request is acknowledged before
 * this runs. Actions that need input open a modal (needs the trigger id, valid 3 s from the click's arrival,
 * `arrivedAt`: the clicker's look-up runs inside that race, see `openCaseForm`); the rest go to `CaseService.act`.
 * The card in the channel is updated by the outbox (the service enqueues `update_cards`); the clicker gets the
 * service's reply and, when refused because the card was stale, the fresh card with its "changed meanwhile" note.
 */
export async function runCaseAction(
  ctx: SlackContext,
  person: Person | Promise<Person>,
  raw: Record<string, unknown>,
  where: Where,
  triggerId: string | undefined,
  arrivedAt: number = Date.now(),
): Promise<void> {
  const verb = formNeeded(raw);
  if (verb && triggerId) {
    await openCaseForm(ctx, person, raw, verb, where, triggerId, arrivedAt);
    return;
  }
  const who = await person;
  const parsed = parseCardAction(raw);
  if (!parsed.ok) {
    await ctx.tell(where, textView(ctx.localeOf(who), parsed.error.message));
    return;
  }
  await tellOutcome(ctx, where, await ctx.deps.cases.act(who, parsed.value), parsed.value);
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
    if (!parsed.ok) return { answer: [textView(locale, parsed.error.message)] };
    const outcome = await ctx.deps.cases.act(person, parsed.value);
    if (!outcome.ok || !outcome.reply?.form) return { answer: outcomeViews(outcome, parsed.value) };
    view = outcome.reply;
    number = outcome.card.number;
  } else {
    const refresh = parseCardAction({ verb: 'refresh', caseId: raw['caseId'], version: raw['version'] });
    if (!refresh.ok) return { answer: [textView(locale, refresh.error.message)] };
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
