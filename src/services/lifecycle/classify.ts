import type { Case, Locale } from '../../models/case.js';
import type { OutboxDraft } from '../../models/case-store.js';
import { recomputeForPriority } from '../../models/sla.js';
import type { Text } from '../i18n.js';
import { readOrder } from '../orders/order.js';
import type { LifecycleContext } from './context.js';
import type { Handler } from './handler.js';
import { categoryLabel, priorityLabel, typeLabel } from './labels.js';
import { raisedToUrgent, urgentPingDraft, urgentSupervisor } from './register-case.js';

type Numbered = { number: string };

const T: {
  nothingChanged: Text<Numbered>;
  unknownCategory: Text<Numbered & { categoryId: string }>;
  orderKeeps: Text<Numbered>;
  resolvedKeepsPriority: Text<Numbered & { priority: string }>;
  category: Text;
  type: Text;
  priority: Text;
  thread: Text<{ who: string; changes: string; reason?: string }>;
} = {
  nothingChanged: {
    da: (p) => `${p.number}: Intet at gemme – kategori, type og prioritet er de samme som før.`,
    en: (p) => `${p.number}: Nothing to save – the category, type and priority are the same as before.`,
  },
  unknownCategory: {
    da: (p) => `${p.number}: Kategorien "${p.categoryId}" findes ikke. Vælg en af kategorierne på listen.`,
    en: (p) => `${p.number}: There is no category "${p.categoryId}". Choose one of the categories in the list.`,
  },
  orderKeeps: {
    da: (p) => `${p.number} er en bestilling af udstyr: den beholder sin kategori og type. Prioriteten kan ændres.`,
    en: (p) => `${p.number} is an equipment order: it keeps its category and type. Its priority may change.`,
  },
  resolvedKeepsPriority: {
    da: (p) =>
      `${p.number} er løst: prioriteten (${p.priority}) ændres ikke længere, for servicemålet blev målt efter den. Kategori og type kan stadig rettes.`,
    en: (p) =>
      `${p.number} is resolved: its priority (${p.priority}) no longer changes, as the service target was measured against it. The category and type may still be corrected.`,
  },
  category: { da: 'kategori', en: 'category' },
  type: { da: 'type', en: 'type' },
  priority: { da: 'prioritet', en: 'priority' },
  thread: {
    da: (p) => `${p.who} klassificerede sagen: ${p.changes}.${p.reason ? ` Begrundelse: ${p.reason}` : ''}`,
    en: (p) => `${p.who} classified the case: ${p.changes}.${p.reason ? ` Reason: ${p.reason}` : ''}`,
  },
};

/** One changed field of a classification, with the history action it is recorded under. */
interface Change {
  field: 'category' | 'type' | 'priority';
  action: 'set_category' | 'set_type' | 'set_priority';
  from: string;
  to: string;
}

/**
 * Staff classify a case (PROCESS.md, handling steps 2–4): category, type (incident or service request) and
 * priority, the user's choices at intake being a first guess. One versioned write: each changed field gets a
 * history entry (who, from → to, the optional reason); a new priority recomputes the SLA due times
 * (`recomputeForPriority`, with the pauses already taken), and the store's timer stamp moves the sweeper's next look
 * with them. The channel cards are updated and a thread reply tells the group; the user is not messaged (the
 * classification is the desk's bookkeeping, and the user already has the named person handling it). A priority
 * raised to an urgent one pings the holding group's supervisor, as registering an urgent case does. The category
 * does not move the case to another group (that is an escalation) and the case keeps its number. Refused, changing
 * nothing: no change, an unknown category, a new priority on a resolved case, a new category or type on an
 * equipment order.
 */
export const classify: Handler<'classify'> = async (ctx, actor, c, _roles, action) => {
  const locale = ctx.localeOf(actor);
  const { catalogue } = ctx.deps;
  const categoryId = action.categoryId ?? c.categoryId;
  const type = action.type ?? c.type;
  const priority = action.priority ?? c.priority;
  const refuse = (text: string) => ctx.refuse(actor, c, 'CASE.INVALID_INPUT', text);

  if (!catalogue.category(categoryId)) {
    return refuse(T.unknownCategory[locale]({ number: c.number, categoryId: categoryId.slice(0, 60) }));
  }
  if ((categoryId !== c.categoryId || type !== c.type) && readOrder(c) !== null) {
    return refuse(T.orderKeeps[locale]({ number: c.number }));
  }
  if (priority !== c.priority && c.status === 'resolved') {
    return refuse(
      T.resolvedKeepsPriority[locale]({ number: c.number, priority: priorityLabel(catalogue, c.priority, locale) }),
    );
  }
  const changes: Change[] = [];
  if (categoryId !== c.categoryId)
    changes.push({ field: 'category', action: 'set_category', from: c.categoryId, to: categoryId });
  if (type !== c.type) changes.push({ field: 'type', action: 'set_type', from: c.type, to: type });
  if (priority !== c.priority)
    changes.push({ field: 'priority', action: 'set_priority', from: c.priority, to: priority });
  if (changes.length === 0) return refuse(T.nothingChanged[locale]({ number: c.number }));

  const now = ctx.now();
  const sla =
    priority === c.priority
      ? c.sla
      : recomputeForPriority(c.sla, catalogue.priorityLevel(priority), c.createdAt, now, ctx.deps.calendar);
  const next: Case = {
    ...c,
    categoryId,
    type,
    priority,
    sla,
    history: [...c.history, ...changes.map((ch) => ctx.audit(actor, ch.action, ch.from, ch.to, action.reason))],
  };
  const supervisor = raisedToUrgent(catalogue, c.priority, priority)
    ? await urgentSupervisor(ctx.deps, { ...next, solved: false }, actor)
    : undefined;

  const thread = ctx.deps.defaultLocale;
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => {
      const drafts: OutboxDraft[] = [
        ctx.updateCards(s),
        ctx.threadReply(
          s,
          'classify',
          T.thread[thread]({
            who: ctx.who(actor, s, thread),
            changes: changes.map((ch) => describe(ctx, ch, thread)).join('; '),
            ...(action.reason ? { reason: action.reason } : {}),
          }),
        ),
      ];
      if (supervisor) drafts.push(urgentPingDraft(ctx.deps, s, supervisor, (l) => ctx.who(actor, s, l)));
      return drafts;
    },
  });
};

/** "prioritet P3 Normal → P1 Kritisk". */
function describe(ctx: LifecycleContext, ch: Change, locale: Locale): string {
  const { catalogue } = ctx.deps;
  const label = (v: string): string => {
    if (ch.field === 'category') return categoryLabel(catalogue, v, locale);
    if (ch.field === 'type') return typeLabel(v as Case['type'], locale);
    return priorityLabel(catalogue, v as Case['priority'], locale);
  };
  return `${T[ch.field][locale]} ${label(ch.from)} → ${label(ch.to)}`;
}
