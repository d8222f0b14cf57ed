import type { ActionView, FactView, InputView, MessageView } from '../../cards/view-models.js';
import type { CatalogueItem } from '../../config/catalogue-schema.js';
import type { Locale } from '../../models/case.js';
import { formatDay, formatDkk, fromStock, MAX_QUANTITY, MIN_QUANTITY, type OrderLine } from './order.js';
import { orderMessages } from './order-messages.js';
import type { OrderState } from './order-state.js';

/** Inputs of the item step are `qty.<itemId>`; the special item's are `special`, `justification`, `specialQuantity`. */
export const QTY_PREFIX = 'qty.';
export const SPECIAL_MAX = 1000;
export const FACULTY_CHOICES = ['arts', 'bss', 'he', 'st', 'unknown'] as const;
/**
 * A quantity's input: a whole number from `MIN_QUANTITY` to `MAX_QUANTITY`, the limits `parseQuantity` holds it to
 * (Slack's number input takes no decimals and nothing outside them; Teams' takes nothing outside them).
 */
const QUANTITY_INPUT = { integer: true, min: MIN_QUANTITY, max: MAX_QUANTITY } as const;

const act = (verb: string, label: string, style?: ActionView['style']): ActionView => ({
  action: { verb },
  label,
  ...(style ? { style } : {}),
});
/** Back and Cancel use nothing typed into the form: Teams sends them whatever its inputs hold (`inputless`). */
const leave = (verb: 'order_back' | 'order_cancel', label: string, style?: ActionView['style']): ActionView => ({
  ...act(verb, label, style),
  inputless: true,
});

export interface OrderViewContext {
  state: OrderState;
  items: readonly CatalogueItem[];
  errors?: Record<string, string>;
  /** Refused raw values, shown again so they can be corrected. */
  rejected?: Record<string, string>;
  note?: string;
  /** Summary only. */
  summary?: { lines: OrderLine[]; total: number; expected: string; approver?: string };
}

const msg = (locale: Locale, title: string, text: string, extra: Partial<MessageView> = {}): MessageView => ({
  kind: 'message',
  locale,
  title,
  text,
  ...extra,
});

const withNote = (note: string | undefined, text: string): string => (note ? `${note}\n\n${text}` : text);

const withError = (input: InputView, ctx: OrderViewContext): InputView => {
  const error = ctx.errors?.[input.id];
  const rejected = ctx.rejected?.[input.id];
  return { ...input, ...(rejected !== undefined ? { value: rejected } : {}), ...(error ? { error } : {}) };
};

/** "2 × Lenovo ThinkPad T14 Gen 5" per line. */
export function lineText(line: OrderLine, locale: Locale): string {
  const m = orderMessages[locale];
  return line.kind === 'standard'
    ? `${line.quantity} × ${line.name} (${formatDkk(line.unitPriceDkk * line.quantity, locale)})`
    : `${line.quantity} × ${line.description} (${m.factSpecialPrice})`;
}

/**
 * The view with its buttons marked as the order draft's (`draft`: its id), so a click on them once another order is
 * open is refused. "New order" (`order_start`) belongs to no draft; a draft without an id (stored before drafts
 * had one) leaves its buttons as they are.
 */
function forOrderDraft(view: MessageView, draftId: string | undefined): MessageView {
  if (draftId === undefined) return view;
  const mark = (a: ActionView): ActionView =>
    a.action.verb !== 'order_start' ? { ...a, action: { ...a.action, draft: draftId } } : a;
  return {
    ...view,
    ...(view.actions ? { actions: view.actions.map(mark) } : {}),
    ...(view.form ? { form: { ...view.form, submit: view.form.submit.map(mark) } } : {}),
  };
}

/** The current step of the order conversation; its buttons are the draft's. */
export function orderStepView(ctx: OrderViewContext): MessageView {
  return forOrderDraft(orderStepScreen(ctx), ctx.state.draftId);
}

function orderStepScreen(ctx: OrderViewContext): MessageView {
  const { state } = ctx;
  const locale = state.locale;
  const m = orderMessages[locale];
  const nav = [leave('order_back', m.back), leave('order_cancel', m.cancel, 'destructive')];
  switch (state.step) {
    case 'items': {
      const inputs: InputView[] = ctx.items.map((item) =>
        withError(
          {
            id: `${QTY_PREFIX}${item.id}`,
            kind: 'number',
            ...QUANTITY_INPUT,
            label: m.itemLabel({
              name: item.name[locale],
              price: formatDkk(item.priceDkk, locale),
              delivery: item.inStock ? m.inStock : m.leadTime({ days: item.leadTimeBusinessDays ?? 0 }),
            }),
            required: false,
            placeholder: item.description[locale],
            ...(state.quantities[item.id] !== undefined ? { value: String(state.quantities[item.id]) } : {}),
          },
          ctx,
        ),
      );
      const special = state.special;
      inputs.push(
        withError(
          {
            id: 'special',
            kind: 'multiline',
            label: m.specialLabel,
            required: false,
            maxLength: SPECIAL_MAX,
            ...(special ? { value: special.description } : {}),
          },
          ctx,
        ),
        withError(
          {
            id: 'justification',
            kind: 'multiline',
            label: m.justificationLabel,
            required: false,
            maxLength: SPECIAL_MAX,
            ...(special ? { value: special.justification } : {}),
          },
          ctx,
        ),
        withError(
          {
            id: 'specialQuantity',
            kind: 'number',
            ...QUANTITY_INPUT,
            label: m.specialQuantityLabel,
            required: false,
            value: String(special?.quantity ?? 1),
          },
          ctx,
        ),
      );
      const intro = state.template ? `${m.fromTemplate({ name: state.template.name })}\n\n${m.itemsText}` : m.itemsText;
      return msg(locale, m.itemsTitle, withNote(ctx.note, intro), {
        form: {
          id: 'order:items',
          inputs,
          submit: [act('order_items', m.next, 'positive'), leave('order_cancel', m.cancel, 'destructive')],
        },
      });
    }
    case 'details': {
      // What was last typed into the form and not taken (an emptied field too) stands in place of the draft's.
      const typed = state.detailsTyped ?? {};
      const shown = (id: string, kept?: string) => (typed[id] !== undefined ? typed[id] : kept);
      const choice = (id: string, label: string, options: { value: string; label: string }[], kept?: string) => {
        const value = shown(id, kept);
        return withError({ id, kind: 'choice', label, required: true, options, ...(value ? { value } : {}) }, ctx);
      };
      const text = (id: string, label: string, kept?: string, required = true) => {
        const value = shown(id, kept);
        return withError({ id, kind: 'text', label, required, maxLength: 200, ...(value ? { value } : {}) }, ctx);
      };
      return msg(locale, m.detailsTitle, withNote(ctx.note, m.detailsText), {
        form: {
          id: 'order:details',
          inputs: [
            choice(
              'forWhom',
              m.forWhomLabel,
              [
                { value: 'self', label: m.forSelf },
                { value: 'on_behalf', label: m.forOther },
              ],
              state.forWhom,
            ),
            text('onBehalfOf', m.onBehalfLabel, state.onBehalf?.query, false),
            choice(
              'faculty',
              m.facultyLabel,
              FACULTY_CHOICES.map((f) => ({ value: f, label: m.faculties[f] })),
              state.faculty,
            ),
            text('deliveryLocation', m.locationLabel, state.deliveryLocation),
            text('costCentre', m.costCentreLabel, state.costCentre),
          ],
          submit: [act('order_details', m.next, 'positive'), ...nav],
        },
      });
    }
    case 'person': {
      const candidates = state.onBehalf?.candidates ?? [];
      return msg(locale, m.personTitle, withNote(ctx.note, m.personText({ query: state.onBehalf?.query ?? '' })), {
        form: {
          id: 'order:person',
          inputs: [
            withError(
              {
                id: 'personId',
                kind: 'choice',
                label: m.personLabel,
                required: true,
                options: candidates.map((p) => ({ value: p.id, label: p.email ? `${p.name} (${p.email})` : p.name })),
              },
              ctx,
            ),
          ],
          submit: [act('order_details', m.next, 'positive'), ...nav],
        },
      });
    }
    case 'summary': {
      const s = ctx.summary;
      const facts: FactView[] = s ? summaryFacts(state, s, locale) : [];
      const text = s?.approver
        ? `${m.summaryText}\n\n${m.summaryApproval({ approver: s.approver, stock: fromStock(s.lines) })}`
        : m.summaryText;
      return msg(locale, m.summaryTitle, withNote(ctx.note, text), {
        facts,
        actions: [act('order_confirm', m.confirm, 'positive'), ...nav],
      });
    }
  }
}

function summaryFacts(state: OrderState, s: NonNullable<OrderViewContext['summary']>, locale: Locale): FactView[] {
  const m = orderMessages[locale];
  const user = state.forWhom === 'on_behalf' ? state.onBehalf?.user : state.actor;
  return [
    { label: m.factItems, value: s.lines.map((l) => lineText(l, locale)).join('\n') },
    { label: m.factTotal, value: formatDkk(s.total, locale) },
    { label: m.factExpected, value: formatDay(s.expected, locale) },
    ...(user ? [{ label: m.factFor, value: user.name }] : []),
    { label: m.factLocation, value: state.deliveryLocation ?? '' },
    { label: m.factCostCentre, value: state.costCentre ?? '' },
    ...(s.approver ? [{ label: m.factApprover, value: s.approver }] : []),
    ...(state.note ? [{ label: state.template ? m.factTemplateNote : m.factNote, value: state.note }] : []),
  ];
}

/** A one-message reply outside the form flow (cancelled, ended, done). */
export function orderMessageView(
  locale: Locale,
  title: string | undefined,
  text: string,
  extra: Partial<MessageView> = {},
): MessageView {
  return { kind: 'message', locale, ...(title ? { title } : {}), text, ...extra };
}

/** The "New order" button. */
export const orderStartAction = (locale: Locale): ActionView =>
  act('order_start', orderMessages[locale].startLabel, 'positive');
