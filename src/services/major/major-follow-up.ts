import type { Case, Person } from '../../models/case.js';
import { isOpen, toRef } from '../../models/case.js';
import type { CaseStore, OutboxDraft } from '../../models/case-store.js';
import { LifecycleContext, type LifecycleDeps } from '../lifecycle/context.js';
import { draft, type MajorFollowUp, type MajorFollowUpChange } from '../outbox/deliveries.js';
import { DeliveryError } from '../ports/chat-gateway.js';
import { withTimerStamps } from '../sla/timed-store.js';
import { withStoreOverrides } from '../store-overrides.js';
import { statusToldToLinked } from './leave-major.js';
import { fanOutUpdate, resolveLinked } from './major-fan-out.js';
import { DEFAULT_MAJOR_PACING, type MajorPacing } from './major-pacing.js';

/**
 * How long after a change to a parent its durable follow-up is run again by the dispatcher (30 s): long enough
 * for the inline run to have finished in the normal case (the repeat then finds nothing to do), short enough that
 * a crash between the parent's write and the fan-out delays the linked users' news by only half a minute.
 */
export const MAJOR_FOLLOW_UP_DELAY_MS = 30_000;

/**
 * What a change to a major incident's parent asks of its linked cases: resolving the parent resolves them; else a
 * new public note by staff (not its own user's, `fromUser`), else a new open status, goes to their users. Undefined for anything else (and for cases that
 * are not a parent).
 *
 * Back to the status it had before staff asked the major incident's own user a question (Awaiting user) is not
 * news to them either: they were not told of the question (`backFromQuestion`).
 *
 * Registered is not news to them: the parent only gets there by going back to a pile — escalated to another group
 * (it arrives Registered there, whatever it was) or unassigned — which is the desk's bookkeeping. Their reports
 * were neither set back nor passed on, so they hear nothing until someone takes the parent (Assigned, from the
 * named person) or there is a note or a solution.
 */
export function majorChangeOf(before: Case, after: Case): MajorFollowUpChange | undefined {
  if (!before.major || !after.major) return undefined;
  if (after.status === 'resolved' && before.status !== 'resolved') {
    return { kind: 'resolve', resolvedAt: after.resolvedAt ?? after.solution?.at ?? '' };
  }
  const newest = after.notes[0];
  // The major incident's own user's words (a comment with "still a problem") are hers, not news for the others.
  if (newest && newest.id !== before.notes[0]?.id && newest.visibility === 'public' && !newest.fromUser) {
    return { kind: 'note', text: newest.text };
  }
  // Open again after its resolution: its reports resolved with it go back with it (`fanOutUpdate`), also when it
  // goes back Registered (with nobody on it; the other linked users are not told of that).
  const reopened = !isOpen(before.status) && isOpen(after.status);
  if (after.status !== before.status && (statusToldToLinked(after.status) || reopened)) {
    if (!reopened && backFromQuestion(before, after.status)) return undefined;
    return { kind: 'status', status: after.status };
  }
  return undefined;
}

/**
 * Whether `status` is the one the parent had when staff asked its own user a question (`before` awaits her): the
 * linked users never heard of the question, so the status it goes back to is the last they were told, not news.
 */
function backFromQuestion(before: Case, status: string): boolean {
  if (before.status !== 'awaiting_user') return false;
  const asked = before.history.findLast((h) => h.from !== h.to && h.to !== undefined);
  return asked?.to === 'awaiting_user' && asked.from === status;
}

/** The durable follow-up of the parent's change, keyed by the version it created: written once. */
export function followUpDraft(
  stored: Case,
  actor: Person,
  change: MajorFollowUpChange,
  notBefore: string,
): OutboxDraft {
  return draft(
    `${stored.id}:major-follow-up:v${stored.version}`,
    { kind: 'major_follow_up', parentId: stored.id, version: stored.version, change, actor: toRef(actor) },
    { caseId: stored.id, notBefore },
  );
}

/**
 * The lifecycle context for one action on a major incident's parent (`before`, as the action read it): the write
 * that moves the parent from `before.version` to the next also carries the `major_follow_up` message of the
 * change, due `delayMs` later, in the same store operation. The fan-out itself still runs inline right after the
 * write (`afterMajorChange`); the message makes sure it runs to the end even when the process dies in between.
 */
export function withMajorFollowUp(
  ctx: LifecycleContext,
  actor: Person,
  before: Case,
  delayMs = MAJOR_FOLLOW_UP_DELAY_MS,
): LifecycleContext {
  const store = ctx.deps.store;
  const followUp = (stored: Case): OutboxDraft[] => {
    if (stored.id !== before.id || stored.version !== before.version + 1) return [];
    const change = majorChangeOf(before, stored);
    if (!change) return [];
    const notBefore = new Date(ctx.deps.clock.now().getTime() + delayMs).toISOString();
    return [followUpDraft(stored, actor, change, notBefore)];
  };
  const overrides: Partial<CaseStore> = {
    updateCase: (next, expectedVersion, outbox) =>
      store.updateCase(next, expectedVersion, [
        ...(outbox ?? []),
        ...followUp({ ...next, version: expectedVersion + 1 }),
      ]),
    claimCase: (id, claimant, apply, outbox) =>
      store.claimCase(id, claimant, apply, (claimed) => [...(outbox?.(claimed) ?? []), ...followUp(claimed)]),
  };
  const wrapped = withStoreOverrides(store, overrides);
  return new LifecycleContext({ ...ctx.deps, store: wrapped });
}

/**
 * Runs a change's follow-up again (the dispatcher's `major_follow_up`), with the keys of the version the change
 * created, so whatever the inline run enqueued is not enqueued twice and cases it resolved are passed over. A
 * status or resolution the parent has moved on from since is not repeated (the later change has its own
 * follow-up). Returns what it did, kept on the acknowledged message; throws (a transient `DeliveryError`, so the
 * dispatcher tries it again) while a linked case it was to resolve is still open, changed meanwhile each time.
 */
export async function runMajorFollowUp(
  ctx: LifecycleContext,
  pacing: MajorPacing,
  followUp: MajorFollowUp,
): Promise<Record<string, unknown>> {
  const current = await ctx.deps.store.getCase(followUp.parentId);
  if (!current?.major) return { skipped: 'not a major incident' };
  const parent: Case = { ...current, version: followUp.version };
  const { change, actor } = followUp;
  switch (change.kind) {
    case 'resolve': {
      const resolvedAt = current.resolvedAt ?? current.solution?.at ?? '';
      if (isOpen(current.status) || resolvedAt !== change.resolvedAt) return { skipped: 'parent moved on' };
      const { resolved, pending } = await resolveLinked(ctx, pacing, parent, actor, { recheck: true });
      // A report changed meanwhile at every attempt is still open: the message is tried again (with back-off) until
      // none is left, as the staff member who resolved the parent was told it would be (`majorReplies.resolvedAll`).
      if (pending > 0) {
        throw new DeliveryError(`${pending} linked case(s) changed meanwhile at every attempt; resolving them again`);
      }
      return { resolved };
    }
    case 'status':
      if (current.status !== change.status) return { skipped: 'parent moved on' };
      // Registered is news only to the reports resolved with the parent, reopened with it (`fanOutUpdate`).
      return fannedOut(await fanOutUpdate(ctx, pacing, parent, actor, change, { recheck: true }));
    case 'note':
      return fannedOut(await fanOutUpdate(ctx, pacing, parent, actor, change, { recheck: true }));
  }
}

/**
 * What a repeated fan-out did, kept on the acknowledged message; throws (a transient `DeliveryError`, so the
 * dispatcher tries it again) while a report resolved with the parent, now open again, is not taken back with it yet.
 */
function fannedOut({ users, pending }: { users: number; pending: number }): Record<string, unknown> {
  if (pending > 0) {
    throw new DeliveryError(`${pending} linked case(s) changed meanwhile at every attempt; taking them back again`);
  }
  return { fannedOut: users };
}

/**
 * The `runMajorFollowUp` the dispatcher is given (`OutboxDispatcherDeps.runMajorFollowUp`): a lifecycle context
 * of its own over the same store, stamping SLA timers like `CaseService` does.
 */
export function createMajorFollowUpRunner(
  deps: LifecycleDeps,
): (followUp: MajorFollowUp) => Promise<Record<string, unknown>> {
  const ctx = new LifecycleContext({ ...deps, store: withTimerStamps(deps.store, deps) });
  const pacing = deps.majorPacing ?? DEFAULT_MAJOR_PACING;
  return (followUp) => runMajorFollowUp(ctx, pacing, followUp);
}
