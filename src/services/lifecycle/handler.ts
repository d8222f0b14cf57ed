import type { CardActionOf } from '../../cards/card-actions.js';
import type { Case, Person, PersonRef } from '../../models/case.js';
import type { Role } from '../../models/status-machine.js';
import type { ActionOutcome, LifecycleContext } from './context.js';
import { peopleOfGroup } from './group-people.js';
import type { CaseVerb } from './permissions.js';
import { personByEmailIn } from '../people-directory.js';

/** One card verb's operation: called after the role, version and availability checks passed. */
export type Handler<V extends CaseVerb> = (
  ctx: LifecycleContext,
  actor: Person,
  c: Case,
  roles: Role[],
  action: CardActionOf<V>,
) => Promise<ActionOutcome>;

/**
 * Resolves a catalogue e-mail to a person the outbox can reach: the directory's entry when it knows the address,
 * else an `email:` id (gateways resolve those by e-mail).
 */
export function personByEmail(ctx: LifecycleContext, email: string, name?: string): Promise<Person> {
  return personByEmailIn(ctx.deps.directory, email, name);
}

/** Members and the supervisor of a group, lower-cased e-mails (worked out once per group, see `peopleOfGroup`). */
export function groupPeople(ctx: LifecycleContext, groupId: string): readonly string[] {
  const g = ctx.deps.catalogue.group(groupId);
  return g ? peopleOfGroup(g) : [];
}

export const isIn = (people: readonly string[], p: PersonRef | Person): boolean =>
  p.email !== undefined && people.includes(p.email.toLowerCase());
