import { randomUUID } from 'node:crypto';
import type { CardAction } from '../../cards/card-actions.js';
import { truncate } from '../../cards/truncate.js';
import { isTypedKey } from '../../cards/typed-fields.js';
import type { ActionView, LeftOut, MessageView } from '../../cards/view-models.js';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { CatalogueItem } from '../../config/catalogue-schema.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { Case, Locale, Person, Platform, Surface } from '../../models/case.js';
import { toRef } from '../../models/case.js';
import type { CaseStore, ConversationPeek, OutboxDraft } from '../../models/case-store.js';
import { isAppError } from '../../models/errors.js';
import type { Clock } from '../clock.js';
import { pickLocale } from '../i18n.js';
import { caseIdFor } from '../lifecycle/register-case.js';
import { draft } from '../outbox/deliveries.js';
import type { Directory } from '../ports/directory.js';
import type { RegisterCase } from '../registration.js';
import { samePerson } from '../roles.js';
import {
  expectedDate,
  formatDay,
  fromStock,
  MAX_QUANTITY,
  MIN_QUANTITY,
  needsApproval,
  type Order,
  type OrderLine,
  orderAnswers,
  orderTotal,
  readOrder,
  standardLine,
} from './order.js';
import { findApprover, type OrderRequesters } from './order-approver.js';
import { orderMessages } from './order-messages.js';
import { approvalRequestView, deskPanelView, orderThreadDraft } from './order-notices.js';
import {
  orderConversationKey,
  type OrderPrefill,
  type OrderState,
  type OrderStep,
  parseOrderState,
} from './order-state.js';
import {
  FACULTY_CHOICES,
  lineText,
  orderMessageView,
  orderStartAction,
  orderStepView,
  QTY_PREFIX,
  SPECIAL_MAX,
} from './order-views.js';

/** An order conversation idle this long expires (default 24 h). */
export const DEFAULT_ORDER_IDLE_MS = 24 * 60 * 60 * 1000;
/** Cost centres (sted-/projektnummer): 4 to 10 digits. */
export const COST_CENTRE = /^\d{4,10}$/;
const TITLE_MAX = 80;
/** The longest delivery location, cost centre or person to search for the details step takes (its fields' limit). */
const DETAIL_MAX = 200;
const CANDIDATES = 5;

/** The conversation verbs of `CardAction` the order engine takes. */
export type OrderConversationAction = Extract<
  CardAction,
  { verb: 'order_start' | 'order_items' | 'order_details' | 'order_confirm' | 'order_cancel' | 'order_back' }
>;

export interface OrderEngineDeps {
  store: CaseStore;
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
  clock: Clock;
  directory: Directory;
  register: RegisterCase;
  defaultLocale: Locale;
  /** Idle time after which an order conversation expires; default 24 h. */
  idleMs?: number;
}

/**
 * One turn. `action` is a parsed `order_*` conversation action; `values` the raw submitted inputs (Teams: the
 * action data merged with the card's inputs; Slack: the modal state flattened to input id → value): item
 * quantities as `qty.<itemId>`, `special`, `justification`, `specialQuantity`; `forWhom` (`self`|`on_behalf`),
 * `onBehalfOf`, `faculty`, `deliveryLocation`, `costCentre`; `personId` when choosing among several people.
 * `text` takes "cancel"/"annuller", "back"/"tilbage" at every step, and at the item step lines like
 * "2 x dock-thinkpad-usb-c" (item id or name). An `order_start` from the intake (the purchase category picked there)
 * carries what the person wrote as its `note`: it goes into the registered order's description, after the items.
 */
export interface OrderInput {
  conversationKey: string;
  person: Person;
  locale?: string;
  platform: Platform;
  /** `form` when the conversation shows in a form that closes (a Slack modal); default `chat`. */
  surface?: Surface;
  text?: string;
  action?: OrderConversationAction;
  values?: Record<string, unknown>;
  /** With `order_start`: the form pre-filled from a case template (handed over by the intake, never by a card). */
  prefill?: OrderPrefill;
}

/** What to show; `state` as the intake's: `active`, `done` (with `case`), `cancelled`, `idle`. */
export interface OrderReply {
  views: MessageView[];
  state: 'active' | 'done' | 'cancelled' | 'idle';
  case?: Case;
  errors?: Record<string, string>;
}

type Values = Record<string, unknown>;

const CANCEL_WORDS = new Set(['cancel', 'annuller', 'afbryd', 'stop']);
const BACK_WORDS = new Set(['back', 'tilbage']);
const CONFIRM_WORDS = new Set(['confirm', 'bekræft', 'send', 'yes', 'ja', 'ok']);

const clean = (v: unknown): string | undefined => {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t;
};
const cleanMultiline = (v: unknown): string | undefined => {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
};

/** A quantity as typed: a whole number MIN_QUANTITY..MAX_QUANTITY, else null. */
export function parseQuantity(raw: string): number | null {
  if (!/^\d+$/.test(raw.trim())) return null;
  const n = Number(raw.trim());
  return n >= MIN_QUANTITY && n <= MAX_QUANTITY ? n : null;
}

/**
 * The equipment order conversation (issue 11): items and quantities from the catalogue (or a special item with
 * a justification) → for whom, faculty, delivery location and cost centre → summary with total, expected date
 * and approver → registered as a service request in the orders category (routed to the faculty's Indkøb desk)
 * through the injected `RegisterCase`, the order stored in `answers.order`. Orders that need approval send the
 * approver a card; the desk gets its panel in the case thread. State lives in the `CaseStore` under
 * `order:<conversationKey>`, so it survives restarts and does not disturb an intake in the same chat.
 */
export class OrderEngine {
  private readonly idleMs: number;

  constructor(private readonly deps: OrderEngineDeps) {
    this.idleMs = deps.idleMs ?? DEFAULT_ORDER_IDLE_MS;
  }

  /** Whether the chat has an unexpired order draft (transports route chat text here then). */
  async isActive(conversationKey: string): Promise<boolean> {
    return (await this.peek(conversationKey)).since !== null;
  }

  /**
   * The chat's stored order draft and when its unexpired order last took a turn (ISO time; null when none is
   * open); `handle(input, peek)` then does not read it again.
   */
  async peek(conversationKey: string): Promise<ConversationPeek> {
    const record = await this.deps.store.getConversation(orderConversationKey(conversationKey));
    const since =
      record !== null && record.expiresAt > this.now().toISOString() && parseOrderState(record.state) !== null
        ? record.updatedAt
        : null;
    return { record, since };
  }

  /**
   * The one entry point of both transports; `peeked` is what `peek` read for this chat earlier in the turn. When the
   * store is unavailable (`STORE.UNAVAILABLE`) the turn changes nothing: the person is told so on the step they were
   * at, what they typed still in its form (`storeDown`), and the same click works once the store is back — "Send
   * order" then registers the order once (`registrationKey`).
   */
  async handle(input: OrderInput, peeked?: ConversationPeek): Promise<OrderReply> {
    let snapshot: OrderState | null = null;
    try {
      return await this.turn(input, peeked, (state) => {
        snapshot = structuredClone(state);
      });
    } catch (err) {
      if (!isAppError(err, 'STORE.UNAVAILABLE')) throw err;
      return this.storeDown(input, snapshot);
    }
  }

  /** A turn; `opened` gets the stored draft it works on (its language the person's), before anything changes it. */
  private async turn(
    input: OrderInput,
    peeked: ConversationPeek | undefined,
    opened: (state: OrderState) => void,
  ): Promise<OrderReply> {
    const key = orderConversationKey(input.conversationKey);
    const record = peeked ? peeked.record : await this.deps.store.getConversation(key);
    const live = record && record.expiresAt > this.now().toISOString() ? parseOrderState(record.state) : null;
    if (record && !live) await this.deps.store.deleteConversation(key);
    const action = input.action;
    if (!live || action?.verb === 'order_start') {
      if (!action || action.verb === 'order_start') return this.start(key, input);
      const locale = this.localeOf(input);
      const m = orderMessages[locale];
      return {
        views: [orderMessageView(locale, undefined, m.endedText, { actions: [orderStartAction(locale)] })],
        state: 'idle',
      };
    }
    const state = live;
    if (input.locale) state.locale = pickLocale(input.locale, state.locale);
    opened(state);
    const values: Values = { ...(input.values ?? {}), ...(action && 'values' in action ? (action.values ?? {}) : {}) };
    const m = orderMessages[state.locale];
    // A button of an earlier order's form (one sent, cancelled or started over since) does nothing to this one.
    const draft = action && 'draft' in action ? action.draft : undefined;
    if (draft !== undefined && state.draftId !== undefined && draft !== state.draftId) {
      return this.show(key, state, { note: m.earlierOrder });
    }
    switch (action?.verb) {
      case 'order_cancel':
        return this.cancel(key, state);
      case 'order_back':
        return this.back(key, state, values);
      case 'order_items':
        if (state.step !== 'items') return this.show(key, state, { note: m.staleForm });
        if (action.leftOut) return this.retype(key, state, values, action.leftOut);
        return this.items(key, state, values);
      case 'order_details':
        if (action.leftOut && (state.step === 'person' || state.step === 'details')) {
          return this.retype(key, state, values, action.leftOut);
        }
        if (state.step === 'person') return this.person(key, state, values);
        if (state.step !== 'details') return this.show(key, state, { note: m.staleForm });
        return this.details(key, state, values);
      case 'order_confirm':
        if (state.step !== 'summary') return this.show(key, state, { note: m.staleForm });
        return this.confirm(key, state);
      default:
        return this.text(key, state, input.text ?? '');
    }
  }

  private async start(key: string, input: OrderInput): Promise<OrderReply> {
    const state: OrderState = {
      v: 1,
      kind: 'order',
      step: 'items',
      history: [],
      locale: this.localeOf(input),
      platform: input.platform,
      ...(input.surface === 'form' ? { surface: 'form' as const } : {}),
      actor: input.person,
      startedAt: this.now().toISOString(),
      draftId: randomUUID(),
      quantities: {},
      forWhom: 'self',
    };
    const note = input.action?.verb === 'order_start' ? input.action.note : undefined;
    if (note) state.note = note;
    const from = input.prefill;
    if (from) {
      state.template = from.template;
      state.quantities = { ...from.quantities };
      if (from.note) state.note = from.note;
      if (from.onBehalfOf) {
        state.forWhom = 'on_behalf';
        state.onBehalf = { query: from.onBehalfOf, candidates: [] };
      }
    }
    return this.show(key, state);
  }

  private async text(key: string, state: OrderState, raw: string): Promise<OrderReply> {
    const word = commandWord(raw);
    if (CANCEL_WORDS.has(word)) return this.cancel(key, state);
    if (BACK_WORDS.has(word)) return this.back(key, state);
    const m = orderMessages[state.locale];
    if (state.step === 'summary' && CONFIRM_WORDS.has(word)) return this.confirm(key, state);
    if (state.step === 'items' && word !== '') return this.itemsFromText(key, state, raw);
    return this.show(key, state, { note: m.useTheForm });
  }

  /** "2 x dock-thinkpad-usb-c, 1 x Dell P2425H 24" skærm": quantity then item id or name, per line or comma. */
  private async itemsFromText(key: string, state: OrderState, raw: string): Promise<OrderReply> {
    const values: Values = {};
    const errors: Record<string, string> = {};
    const m = orderMessages[state.locale];
    for (const part of raw
      .split(/[\n;,]+/)
      .map((p) => p.trim())
      .filter(Boolean)) {
      const match = /^(-?\S+)\s*(?:x|×|stk\.?|pcs\.?)?\s+(.+)$/i.exec(part);
      const name = (match?.[2] ?? part).trim();
      const item = this.items_().find(
        (i) =>
          i.id === name.toLowerCase() ||
          i.name.da.toLowerCase() === name.toLowerCase() ||
          i.name.en.toLowerCase() === name.toLowerCase(),
      );
      if (!item) {
        errors['items'] = m.unknownItem({ item: name.slice(0, 80) });
        continue;
      }
      values[`${QTY_PREFIX}${item.id}`] = match?.[1] ?? '';
    }
    if (Object.keys(errors).length > 0) return this.show(key, state, { errors, note: errors['items'] });
    return this.items(key, state, values, true);
  }

  private async items(key: string, state: OrderState, values: Values, fromText = false): Promise<OrderReply> {
    const m = orderMessages[state.locale];
    const errors: Record<string, string> = {};
    const rejected: Record<string, string> = {};
    const quantities: Record<string, number> = fromText ? { ...state.quantities } : {};
    const catalogueItems = this.items_();
    for (const [field, value] of Object.entries(values)) {
      if (!field.startsWith(QTY_PREFIX)) continue;
      const itemId = field.slice(QTY_PREFIX.length);
      const raw = clean(value);
      const item = catalogueItems.find((i) => i.id === itemId);
      if (!item) {
        errors[field] = m.unknownItem({ item: itemId.slice(0, 80) });
        continue;
      }
      if (raw === undefined) continue;
      const n = parseQuantity(raw);
      if (n === null) {
        errors[field] = m.badQuantity({ name: item.name[state.locale], min: MIN_QUANTITY, max: MAX_QUANTITY });
        rejected[field] = raw;
        continue;
      }
      quantities[itemId] = n;
    }
    let special = fromText ? state.special : undefined;
    if (!fromText) {
      const description = cleanMultiline(values['special']);
      const justification = cleanMultiline(values['justification']);
      if (description !== undefined) {
        if (description.length > SPECIAL_MAX) errors['special'] = m.tooLong({ max: SPECIAL_MAX });
        if (justification === undefined) errors['justification'] = m.justificationRequired;
        else if (justification.length > SPECIAL_MAX) errors['justification'] = m.tooLong({ max: SPECIAL_MAX });
        const rawQty = clean(values['specialQuantity']) ?? '1';
        const quantity = parseQuantity(rawQty);
        if (quantity === null) {
          errors['specialQuantity'] = m.badQuantity({ name: m.specialLabel, min: MIN_QUANTITY, max: MAX_QUANTITY });
          rejected['specialQuantity'] = rawQty;
        }
        special = { description, justification: justification ?? '', quantity: quantity ?? 1 };
      }
    }
    if (Object.keys(errors).length === 0 && Object.keys(quantities).length === 0 && !special) {
      errors['items'] = m.noItems;
    }
    if (Object.keys(errors).length > 0) {
      const note = errors['items'];
      // The rest of the form stands as typed (a quantity emptied empty), not as the draft held it: only the refused
      // fields differ. A line written in the chat changes only what it names.
      const shown = fromText ? rejected : { ...itemsTyped(values, catalogueItems), ...rejected };
      return this.show(key, state, { errors, rejected: shown, ...(note ? { note } : {}) });
    }
    state.quantities = quantities;
    if (special) state.special = special;
    else delete state.special;
    return this.advance(key, state, 'details');
  }

  private async details(key: string, state: OrderState, values: Values): Promise<OrderReply> {
    const m = orderMessages[state.locale];
    const errors: Record<string, string> = {};
    const rejected: Record<string, string> = {};
    const forWhom = clean(values['forWhom']) === 'on_behalf' ? 'on_behalf' : 'self';
    const faculty = clean(values['faculty']);
    const location = clean(values['deliveryLocation']);
    const costCentre = clean(values['costCentre'])?.replace(/[\s-]/g, '');
    const query = clean(values['onBehalfOf']);
    if (!faculty || !(FACULTY_CHOICES as readonly string[]).includes(faculty)) {
      errors['faculty'] = m.notAnOption({ options: FACULTY_CHOICES.map((f) => m.faculties[f]).join(', ') });
    }
    // A field left empty is shown empty under its error, not as what the draft held before.
    if (!location) {
      errors['deliveryLocation'] = m.required;
      rejected['deliveryLocation'] = '';
    } else if (location.length > DETAIL_MAX) {
      // Shown empty with the error, not cut (nor as the place kept from before): a cut text in the field would be
      // taken by the next Next without the person noticing it was cut.
      errors['deliveryLocation'] = m.tooLong({ max: DETAIL_MAX });
      rejected['deliveryLocation'] = '';
    }
    if (!costCentre || !COST_CENTRE.test(costCentre)) {
      errors['costCentre'] = m.costCentreFormat;
      rejected['costCentre'] = costCentre?.slice(0, DETAIL_MAX) ?? '';
    }
    let candidates: Person[] = [];
    if (forWhom === 'on_behalf') {
      if (!query) {
        errors['onBehalfOf'] = m.onBehalfRequired;
        rejected['onBehalfOf'] = '';
      } else if (query.length > DETAIL_MAX) {
        // Not looked up, nor repeated in the answer (its field shown empty): the form's fields take 200 characters.
        errors['onBehalfOf'] = m.tooLong({ max: DETAIL_MAX });
        rejected['onBehalfOf'] = '';
      } else {
        candidates = (await this.deps.directory.search(query, CANDIDATES)).filter((p) => !samePerson(p, state.actor));
        if (candidates.length === 0) {
          errors['onBehalfOf'] = m.onBehalfNone({ query });
          rejected['onBehalfOf'] = query;
        }
      }
    }
    // Every field taken is kept in the draft, also when another is refused: the form shown again holds it as typed
    // (the place, the cost centre, the person found), and only the refused ones differ (from `rejected`).
    state.forWhom = forWhom;
    if (faculty && !errors['faculty']) state.faculty = faculty;
    if (location && !errors['deliveryLocation']) state.deliveryLocation = location;
    if (costCentre && !errors['costCentre']) state.costCentre = costCentre;
    if (forWhom === 'on_behalf' && query && !errors['onBehalfOf']) {
      state.onBehalf = { query, candidates, ...(candidates.length === 1 ? { user: candidates[0] } : {}) };
    }
    if (Object.keys(errors).length > 0) {
      // Kept as shown, so Back and Next bring the form back as it is now (`detailsTyped`).
      state.detailsTyped = { ...detailsTyped(values), ...rejected };
      return this.show(key, state, { errors, rejected });
    }
    delete state.detailsTyped;
    if (forWhom === 'self') {
      delete state.onBehalf;
      return this.advance(key, state, 'summary');
    }
    return this.advance(key, state, candidates.length === 1 ? 'summary' : 'person');
  }

  private async person(key: string, state: OrderState, values: Values): Promise<OrderReply> {
    const m = orderMessages[state.locale];
    const id = clean(values['personId']);
    const user = state.onBehalf?.candidates.find((p) => p.id === id);
    if (!user || !state.onBehalf) {
      const options = (state.onBehalf?.candidates ?? []).map((p) => p.name).join(', ');
      return this.show(key, state, { errors: { personId: m.notAnOption({ options }) } });
    }
    state.onBehalf.user = user;
    return this.advance(key, state, 'summary');
  }

  /**
   * A "Try again" that could not carry everything typed into the form (`leftOut`: a Slack button holds 2000
   * characters): nothing is taken, as what it carried is not the whole form (the rest of it would be taken as
   * emptied). The step's form is shown again with what it carried filled in, the fields left out empty and marked,
   * and a note saying why they must be typed again.
   */
  private async retype(key: string, state: OrderState, values: Values, leftOut: LeftOut): Promise<OrderReply> {
    const shown =
      state.step === 'items' ? itemsTyped(values, this.items_()) : state.step === 'details' ? detailsTyped(values) : {};
    const { note, errors, emptied } = retyping(state.locale, leftOut);
    return this.show(key, state, { note, errors, rejected: { ...shown, ...emptied } });
  }

  private async cancel(key: string, state: OrderState): Promise<OrderReply> {
    await this.deps.store.deleteConversation(key);
    const m = orderMessages[state.locale];
    return { views: [orderMessageView(state.locale, m.cancelledTitle, m.cancelledText)], state: 'cancelled' };
  }

  /**
   * One step back. From the details with the form's fields sent along (Slack sends a modal's or a message's inputs
   * with every button), what they hold is kept as typed (`detailsTyped`), so the details come back as left.
   */
  private async back(key: string, state: OrderState, values: Values = {}): Promise<OrderReply> {
    if (state.step === 'details' && DETAIL_INPUTS.some((id) => id in values)) state.detailsTyped = detailsTyped(values);
    const previous = state.history.pop();
    if (previous === undefined) return this.show(key, state, { note: orderMessages[state.locale].nothingToGoBackTo });
    state.step = previous;
    return this.show(key, state);
  }

  private async advance(key: string, state: OrderState, step: OrderStep): Promise<OrderReply> {
    state.history.push(state.step);
    state.step = step;
    return this.show(key, state);
  }

  // ---- registration ----

  private async confirm(key: string, state: OrderState): Promise<OrderReply> {
    const { deps } = this;
    const config = deps.catalogue.catalogue.orders;
    const category = deps.catalogue.category(config.categoryId);
    if (!category) throw new Error(`orders: no category "${config.categoryId}" in the catalogue`);
    const lines = this.lines(state);
    const m = orderMessages[state.locale];
    if (lines.length === 0 || !state.costCentre || !state.deliveryLocation || !state.faculty) {
      state.step = 'items';
      return this.show(key, state, { note: m.noItems });
    }
    const user = this.userOf(state);
    const faculty = state.faculty;
    const groupId = deps.catalogue.routeNewCase(category.id, faculty);
    const now = this.now();
    const pending = needsApproval(lines, config);
    const approver = pending ? await findApprover(deps, this.requesters(state), groupId, faculty) : undefined;
    // Only when the user and the colleague ordering are everyone who could approve it: not sent then.
    if (approver === null) return this.show(key, state, { note: m.noApprover });
    const order: Order = {
      v: 1,
      lines,
      totalDkk: orderTotal(lines),
      promisedAt: expectedDate(lines, config, deps.calendar, now),
      deliveryLocation: state.deliveryLocation,
      costCentre: state.costCentre,
      approval: approver
        ? {
            state: 'pending',
            approver: toRef(approver.person),
            ...(approver.fallback ? { fallback: true } : {}),
            requestedAt: now.toISOString(),
          }
        : { state: 'not_needed' },
      fulfilment: { slips: [] },
    };
    const onBehalf = state.forWhom === 'on_behalf' && !samePerson(user, state.actor);
    const locale = user.locale ?? state.locale;
    const itemsText = lines.map((l) => lineText(l, locale)).join('\n');
    const justification = state.special ? `\n\n${state.special.justification}` : '';
    // What the person wrote at the intake that sent them here (a date it is needed by, who it is for …).
    const noted = { text: state.note ?? '', ...(state.template ? { template: state.template.name } : {}) };
    const note = state.note ? `\n\n${orderMessages[locale].descriptionNote(noted)}` : '';
    // Look-ups first: the approval card and the desk panel are then built inside the store operation that
    // creates the case, so a crash right after the write cannot lose them. A retried confirm builds them from the
    // order registered the first time (its approver, whom `mayAnswer` accepts), not from this try's look-ups.
    const idempotencyKey = registrationKey(key, state);
    const earlier = await deps.store.getCase(caseIdFor(idempotencyKey));
    const afterRegistration = await this.afterRegistration((earlier && readOrder(earlier)) ?? order);
    const c = await deps.register(
      {
        type: 'service_request',
        categoryId: category.id,
        title: this.title(lines, locale),
        description: `${itemsText}${justification}${note}`,
        answers: {
          faculty,
          where: state.deliveryLocation,
          cost_centre: state.costCentre,
          ...orderAnswers(order),
        },
        impact: category.impact,
        urgency: 'low',
        user,
        ...(onBehalf ? { reporter: state.actor } : {}),
        // As the intake's: the order's registered view stays in a chat, so no receipt repeats it.
        receipt: state.surface === 'form',
        intakeChannel: state.platform,
        locale,
        idempotencyKey,
      },
      state.actor,
      afterRegistration,
    );
    await deps.store.deleteConversation(key);
    // A retried confirm gets the order registered the first time: tell what that one holds.
    const registered = readOrder(c) ?? order;
    const group = deps.catalogue.group(c.groupId)?.name[state.locale] ?? c.groupId;
    const view = orderMessageView(
      state.locale,
      m.doneTitle({ number: c.number }),
      m.doneText({
        number: c.number,
        group,
        expected: formatDay(registered.promisedAt, state.locale),
        ...(registered.approval.approver ? { approver: registered.approval.approver.name } : {}),
        stock: fromStock(registered.lines),
      }),
      { facts: [{ label: m.factNumber, value: c.number }] },
    );
    return { views: [view], state: 'done', case: c };
  }

  /**
   * The approver's card (when pending) and the desk's panel in the case thread, as a synchronous builder for the
   * registration's store operation: the approver's language is looked up here, before the write. The builder reads
   * the order from the case it is given (a retried registration hands over the case registered the first time),
   * so the card goes to the approver that case names.
   */
  private async afterRegistration(expected: Order): Promise<(c: Case) => OutboxDraft[]> {
    const expectedApprover = expected.approval.state === 'pending' ? expected.approval.approver : undefined;
    const known = expectedApprover ? await this.deps.directory.lookup(expectedApprover.id) : null;
    const thread = this.deps.defaultLocale;
    const orders = this.deps.catalogue.catalogue.orders;
    return (c) => {
      const order = readOrder(c) ?? expected;
      const approver = order.approval.state === 'pending' ? order.approval.approver : undefined;
      const approverLocale = pickLocale(
        approver && approver.id === expectedApprover?.id ? known?.locale : undefined,
        this.deps.defaultLocale,
      );
      const drafts: OutboxDraft[] = [];
      const panel = deskPanelView(c, order, thread);
      if (panel) drafts.push(orderThreadDraft(c, 'panel', panel));
      if (approver) {
        const view = approvalRequestView(c, order, orders, approverLocale);
        drafts.push(
          draft(`${c.id}:order:approval:request`, { kind: 'send_person', person: approver, view }, { caseId: c.id }),
        );
      }
      return drafts;
    };
  }

  private title(lines: readonly OrderLine[], locale: Locale): string {
    const prefix = locale === 'da' ? 'Bestilling' : 'Order';
    const parts = lines.map((l) => `${l.quantity} × ${l.kind === 'standard' ? l.name : l.description.split('\n')[0]}`);
    const title = `${prefix}: ${parts.join(', ')}`;
    return title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1).trimEnd()}…` : title;
  }

  // ---- showing and saving ----

  private lines(state: OrderState): OrderLine[] {
    const lines: OrderLine[] = [];
    for (const item of this.items_()) {
      const q = state.quantities[item.id];
      if (q !== undefined) lines.push(standardLine(item, q, state.locale));
    }
    if (state.special) lines.push({ kind: 'special', ...state.special });
    return lines;
  }

  private userOf(state: OrderState): Person {
    return state.forWhom === 'on_behalf' && state.onBehalf?.user ? state.onBehalf.user : state.actor;
  }

  /** The user and, on an order for someone else, the colleague placing it: neither may approve it. */
  private requesters(state: OrderState): OrderRequesters {
    const user = this.userOf(state);
    return samePerson(user, state.actor) ? { user } : { user, reporter: state.actor };
  }

  private async show(key: string, state: OrderState, opts: ShowOptions = {}): Promise<OrderReply> {
    const now = this.now();
    await this.deps.store.saveConversation({
      key,
      state: state as unknown as Record<string, unknown>,
      updatedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.idleMs).toISOString(),
    });
    return {
      views: [await this.stepView(state, opts)],
      state: 'active',
      ...(opts.errors ? { errors: opts.errors } : {}),
    };
  }

  /** The step `state` is at, as a form (reads only: the summary's approver). */
  private async stepView(state: OrderState, opts: ShowOptions): Promise<MessageView> {
    const now = this.now();
    let summary: { lines: OrderLine[]; total: number; expected: string; approver?: string } | undefined;
    if (state.step === 'summary') {
      const config = this.deps.catalogue.catalogue.orders;
      const lines = this.lines(state);
      const groupId = this.deps.catalogue.routeNewCase(config.categoryId, state.faculty);
      const approver = needsApproval(lines, config)
        ? await findApprover(this.deps, this.requesters(state), groupId, state.faculty)
        : undefined;
      summary = {
        lines,
        total: orderTotal(lines),
        expected: expectedDate(lines, config, this.deps.calendar, now),
        ...(approver ? { approver: approver.person.name } : {}),
      };
    }
    return orderStepView({
      state,
      items: this.items_(),
      ...(opts.errors ? { errors: opts.errors } : {}),
      ...(opts.rejected ? { rejected: opts.rejected } : {}),
      ...(opts.note ? { note: opts.note } : {}),
      ...(summary ? { summary } : {}),
    });
  }

  /**
   * The reply when the store did not answer (`STORE.UNAVAILABLE`): nothing changed, so the draft is the one stored
   * (`state`, null when it could not be read or none was open). Its step is shown again with the notice, what the
   * person typed into the form still in its fields (so pressing the same button sends it again) and, on the
   * summary, "Send order" to press again: the retry registers the order once. When no step can be shown (the store
   * answers no reads either, or a new order could not be started) the notice comes with a "Try again" button that
   * repeats the click with its typed values (a platform whose button cannot carry them all leaves them out:
   * `ActionView.optionalFields`).
   */
  private async storeDown(input: OrderInput, state: OrderState | null): Promise<OrderReply> {
    const action = input.action;
    const values: Values = { ...(input.values ?? {}), ...(action && 'values' in action ? (action.values ?? {}) : {}) };
    const typed = typedValues(values, this.items_());
    if (state) {
      const m = orderMessages[state.locale];
      const sending =
        action?.verb === 'order_confirm' ||
        (!action && state.step === 'summary' && CONFIRM_WORDS.has(commandWord(input.text ?? '')));
      // A "Try again" that came without some of what was typed says so too, the fields left out marked.
      const leftOut = leftOutOf(action);
      const lost = leftOut ? retyping(state.locale, leftOut) : undefined;
      const inForm =
        (action?.verb === 'order_items' || action?.verb === 'order_details') &&
        (Object.keys(typed).length > 0 || lost !== undefined);
      const note = sending ? m.storeDownSend : inForm ? m.storeDownStep : m.storeDownAgain;
      try {
        const view = await this.stepView(state, {
          note: lost ? `${note}\n\n${lost.note}` : note,
          ...(inForm ? { rejected: { ...typed, ...lost?.emptied } } : {}),
          ...(lost ? { errors: lost.errors } : {}),
        });
        return { views: [view], state: 'active' };
      } catch (err) {
        // The summary's approver could not be read either: the notice alone, with the retry.
        if (!isAppError(err, 'STORE.UNAVAILABLE')) throw err;
      }
    }
    const locale = state?.locale ?? this.localeOf(input);
    const m = orderMessages[locale];
    const starting = action === undefined ? state === null : action.verb === 'order_start';
    const retry = input.prefill ? templateRetry(input.prefill) : retryAction(action, typed);
    const text = starting ? m.storeDownNew : m.storeDownAgain;
    const extra = retry ? { actions: [{ ...retry, label: m.tryAgain, style: 'positive' as const }] } : {};
    return { views: [orderMessageView(locale, undefined, text, extra)], state: state ? 'active' : 'idle' };
  }

  private items_(): readonly CatalogueItem[] {
    return this.deps.catalogue.catalogue.items;
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private localeOf(input: OrderInput): Locale {
    return pickLocale(input.locale ?? input.person.locale, this.deps.defaultLocale);
  }
}

interface ShowOptions {
  errors?: Record<string, string>;
  rejected?: Record<string, string>;
  note?: string;
}

/**
 * The item form's fields as submitted with it, for the form shown again when one is refused: each catalogue item's
 * quantity, the special item, its justification and quantity, as typed; blank when emptied or not sent (Slack leaves
 * an empty input out of what it sends), or, for a text, longer than its input takes (never kept cut).
 */
function itemsTyped(values: Values, items: readonly CatalogueItem[]): Record<string, string> {
  const typed: Record<string, string> = {};
  for (const item of items) typed[`${QTY_PREFIX}${item.id}`] = clean(values[`${QTY_PREFIX}${item.id}`]) ?? '';
  for (const id of ['special', 'justification']) {
    const text = cleanMultiline(values[id]) ?? '';
    typed[id] = text.length > SPECIAL_MAX ? '' : text;
  }
  typed['specialQuantity'] = clean(values['specialQuantity']) ?? '';
  return typed;
}

/** The inputs of the details form. */
const DETAIL_INPUTS = ['forWhom', 'onBehalfOf', 'faculty', 'deliveryLocation', 'costCentre'] as const;

/** The choices of the details form (the others are texts). */
const DETAIL_CHOICES: ReadonlySet<string> = new Set(['forWhom', 'faculty']);

/**
 * The details form's fields as submitted with it (`OrderState.detailsTyped`): each as typed; a text blank when
 * emptied or not sent (Slack leaves an empty input out of what it sends), or longer than the form's fields take, as
 * the details step shows such a one (never kept cut); a choice not sent is left to the draft.
 */
function detailsTyped(values: Values): Record<string, string> {
  const typed: Record<string, string> = {};
  for (const id of DETAIL_INPUTS) {
    const v = values[id];
    const sent = typeof v === 'string' || typeof v === 'number';
    if (!sent && DETAIL_CHOICES.has(id)) continue;
    const text = sent ? String(v).trim() : '';
    typed[id] = text.length > DETAIL_MAX ? '' : text;
  }
  return typed;
}

/** A chat message as a command word: "Send." → "send". */
const commandWord = (raw: string): string =>
  raw
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');

/**
 * What a submission carried typed into the form (text and numbers by input id), none of its button's own fields:
 * the typed fields of the order's values (`isTypedKey`) that are inputs of the order's forms (`orderInputLimit`).
 * Unlike the cards' typed text (`isTypedText`), a blank one is kept (an emptied field stays empty in the form shown
 * again) and a long one is not left out: one longer than its input takes (only a forged or outdated form sends one)
 * is cut to one character over that limit, so the form shown again and its "Try again" stay within what a card
 * carries, and the step still refuses it as too long rather than take a cut text.
 */
function typedValues(values: Values, items: readonly CatalogueItem[]): Record<string, string> {
  const typed: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    const limit = isTypedKey(k) ? orderInputLimit(k, items) : undefined;
    if (limit === undefined) continue;
    if (typeof v === 'string') typed[k] = truncate(v, limit + 1);
    else if (typeof v === 'number' && Number.isFinite(v)) typed[k] = truncate(String(v), limit + 1);
  }
  return typed;
}

/**
 * The most characters the order form's input `id` takes: the special item and its justification `SPECIAL_MAX`, any
 * other (a catalogue item's quantity, the details, the person chosen) `DETAIL_MAX`; undefined for an id that is no
 * input of the order's forms.
 */
function orderInputLimit(id: string, items: readonly CatalogueItem[]): number | undefined {
  if (id === 'special' || id === 'justification') return SPECIAL_MAX;
  if (id === 'specialQuantity' || id === 'personId' || (DETAIL_INPUTS as readonly string[]).includes(id)) {
    return DETAIL_MAX;
  }
  const itemId = id.startsWith(QTY_PREFIX) ? id.slice(QTY_PREFIX.length) : undefined;
  return itemId !== undefined && items.some((i) => i.id === itemId) ? DETAIL_MAX : undefined;
}

/**
 * The click again, for the notice when no step could be shown: the same verb on the same draft (a new order with
 * the intake's note), with the typed values, which a platform may leave out when its button cannot carry them (a
 * Slack button's 2000 characters; the form then asks for them again); none for a chat message (written again).
 */
function retryAction(
  action: OrderConversationAction | undefined,
  typed: Record<string, string>,
): Pick<ActionView, 'action' | 'optionalFields'> | undefined {
  if (!action) return undefined;
  if (action.verb === 'order_start') {
    return { action: { verb: 'order_start', ...(action.note ? { note: action.note } : {}) } };
  }
  const draft = action.draft !== undefined ? { draft: action.draft } : {};
  const again = { verb: action.verb, ...draft };
  if (action.verb !== 'order_items' && action.verb !== 'order_details') return { action: again };
  // What an earlier "Try again" could not carry stays missing: the form is to ask for it, not take the rest.
  const lost = action.leftOut ? { leftOut: action.leftOut } : {};
  return { action: { ...again, values: typed, ...lost }, optionalFields: ['values'] };
}

/** What a click's action says it could not carry of the form (`LeftOut`), when it says so. */
function leftOutOf(action: OrderConversationAction | undefined): LeftOut | undefined {
  return action && 'leftOut' in action ? action.leftOut : undefined;
}

/**
 * The note and the marks for a form given back without some of what was typed (`leftOut`): each input left out
 * (`values.<id>`) empty (not as the draft held it before) and marked "please type this again" under it; when which
 * ones is not known, the note says all of it.
 */
function retyping(
  locale: Locale,
  leftOut: LeftOut,
): { note: string; errors: Record<string, string>; emptied: Record<string, string> } {
  const m = orderMessages[locale];
  const ids = leftOut === true ? [] : leftOut.filter((p) => p.startsWith('values.')).map((p) => p.slice(7));
  if (ids.length === 0) return { note: m.retypeAll, errors: {}, emptied: {} };
  return {
    note: m.retypeMarked,
    errors: Object.fromEntries(ids.map((id) => [id, m.retypeField])),
    emptied: Object.fromEntries(ids.map((id) => [id, ''])),
  };
}

/**
 * "Try again" for an order a case template opened (`OrderInput.prefill`, which no button carries): the template's
 * start again (`intake_start` with `templateId`, and `onBehalfOf` for the person named), which the intake checks as
 * the first (staff only) and hands over to the form pre-filled as before, not an empty order.
 */
function templateRetry(prefill: OrderPrefill): Pick<ActionView, 'action'> {
  const person = prefill.onBehalfOf ? { onBehalfOf: prefill.onBehalfOf } : {};
  return { action: { verb: 'intake_start', templateId: prefill.template.id, ...person } };
}

/**
 * One registration per order draft (as the intake's: the chat and the draft's start, plus the draft's random id so
 * two drafts started in the same millisecond differ): a confirm retried after the store failed half-way, or a
 * second click on "Send order" while the first is still running, returns the order already registered instead of
 * making a second service request and a second approval card.
 */
function registrationKey(key: string, state: OrderState): string {
  return `${key}:${state.startedAt}${state.draftId ? `:${state.draftId}` : ''}`;
}
