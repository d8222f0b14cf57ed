import { type CardAction, parseCardAction } from '../../cards/card-actions.js';
import { caseFormFor, type FormVerb, formVerbOf } from '../../cards/case-forms.js';
import type { ActionView, MessageView } from '../../cards/view-models.js';
import type { Person } from '../../models/case.js';
import type { ActionOutcome } from '../../services/lifecycle/case-service.js';
import type { SlackContext, Where } from './slack-context.js';
import { type CaseFormMeta, caseFormModal } from './slack-modals.js';
import { textView } from './slack-replies.js';

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
 * this runs. Actions that need input open a modal (needs the trigger id); the rest go to `CaseService.act`. The
 * card in the channel is updated by the outbox (the service enqueues `update_cards`); the clicker gets the
 * service's reply and, when refused because the card was stale, the fresh card with its "changed meanwhile" note.
 */
export async function runCaseAction(
  ctx: SlackContext,
  person: Person,
  raw: Record<string, unknown>,
  where: Where,
  triggerId: string | undefined,
): Promise<void> {
  const locale = ctx.localeOf(person);
  const verb = formNeeded(raw);
  if (verb && triggerId) {
    await openCaseForm(ctx, person, raw, verb, where, triggerId);
    return;
  }
  const parsed = parseCardAction(raw);
  if (!parsed.ok) {
    await ctx.tell(where, textView(locale, parsed.error.message));
    return;
  }
  await tellOutcome(ctx, where, await ctx.deps.cases.act(person, parsed.value), parsed.value);
}

/** Tells the actor how an action went: the service's reply, and the fresh card on refusals and refreshes. */
export async function tellOutcome(
  ctx: SlackContext,
  where: Where,
  outcome: ActionOutcome,
  action: CardAction,
): Promise<void> {
  if (!outcome.ok) {
    await ctx.tell(where, outcome.reply, outcome.code === 'CASE.CONFLICT' ? outcome.card : undefined);
    return;
  }
  if (outcome.aside) await ctx.tell(where, outcome.aside);
  if (outcome.reply) await ctx.tell(where, outcome.reply);
  else if (action.verb === 'refresh')
    await ctx.tell(where, { kind: 'message', locale: outcome.card.locale, text: '' }, outcome.card);
}

async function openCaseForm(
  ctx: SlackContext,
  person: Person,
  raw: Record<string, unknown>,
  verb: FormVerb,
  where: Where,
  triggerId: string,
): Promise<void> {
  const locale = ctx.localeOf(person);
  let view: MessageView | undefined;
  let number: string | undefined;
  if (raw['verb'] === 'open_form') {
    const parsed = parseCardAction(raw);
    if (!parsed.ok) {
      await ctx.tell(where, textView(locale, parsed.error.message));
      return;
    }
    const outcome = await ctx.deps.cases.act(person, parsed.value);
    if (!outcome.ok || !outcome.reply?.form) {
      await tellOutcome(ctx, where, outcome, parsed.value);
      return;
    }
    view = outcome.reply;
    number = outcome.card.number;
  } else {
    const refresh = parseCardAction({ verb: 'refresh', caseId: raw['caseId'], version: raw['version'] });
    if (!refresh.ok) {
      await ctx.tell(where, textView(locale, refresh.error.message));
      return;
    }
    const outcome = await ctx.deps.cases.act(person, refresh.value);
    if (!outcome.ok) {
      await tellOutcome(ctx, where, outcome, refresh.value);
      return;
    }
    const form = caseFormFor(outcome.card, verb);
    if (!form) {
      await ctx.tell(where, textView(locale, `${outcome.card.number}: ${outcome.card.statusLabel}`));
      return;
    }
    view = { kind: 'message', locale, text: `${outcome.card.number}: ${outcome.card.title}`, form };
    number = outcome.card.number;
  }
  const meta: CaseFormMeta = {
    base: raw,
    submits: view.form!.submit.map((s) => s.action),
    ...(where.channel ? { channel: where.channel } : {}),
    dm: where.dm,
  };
  await ctx.openModal(triggerId, caseFormModal(view, meta, number));
}
