import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardAction } from '../../../src/cards/card-actions.js';
import type { Case, Person } from '../../../src/models/case.js';
import { toRef } from '../../../src/models/case.js';
import type { ActionOutcome } from '../../../src/services/lifecycle/case-service.js';
import { rolesFor } from '../../../src/services/roles.js';
import { people } from '../../helpers/people.js';
import { buildServices, type Services, wifiInput } from '../../helpers/services.js';

/**
 * The README's role table, written out by hand (not derived from the code): who may do what. The case is with
 * Operations: Network (escalated there from ARTS Support, which owns it), reported by Carl on Anna's behalf, with
 * Mogens (Cloud) as its named case owner, so each persona holds exactly one role.
 */
const PERSONAS = {
  user: people.anna,
  reporter: people.carl,
  first_level: people.peter,
  group_member: people.thor,
  supervisor: people.erik,
  case_owner: people.mogens,
  admin: people.birgitte,
  nobody: people.bo,
} satisfies Record<string, Person>;
type Persona = keyof typeof PERSONAS;

const TABLE: Record<string, Persona[]> = {
  claim: ['group_member', 'supervisor'],
  assign: ['first_level', 'group_member', 'supervisor', 'case_owner'],
  unassign: ['first_level', 'group_member', 'supervisor', 'case_owner'],
  set_status: ['group_member', 'supervisor', 'case_owner'],
  note: ['first_level', 'group_member', 'supervisor', 'case_owner'],
  escalate_group: ['first_level', 'group_member', 'supervisor', 'case_owner'],
  escalate_manager: ['first_level', 'group_member', 'supervisor', 'case_owner'],
  acknowledge_escalation: ['supervisor'],
  resolve: ['group_member', 'supervisor', 'case_owner'],
  close: ['first_level'],
  return_to_technician: ['first_level'],
  save_article: ['first_level', 'group_member', 'supervisor', 'case_owner'],
  confirm_solved: ['user', 'reporter'],
  still_a_problem: ['user', 'reporter'],
  evaluate: ['user'],
  refresh: ['user', 'reporter', 'first_level', 'group_member', 'supervisor', 'case_owner', 'admin'],
};

function must(outcome: ActionOutcome): Case {
  if (!outcome.ok) throw new Error(`set-up step refused: ${outcome.code} ${outcome.reply.text}`);
  return outcome.case;
}

async function caseFor(s: Services, verb: string): Promise<Case> {
  const act = (p: Person, a: CardAction) => s.service.act(p, a).then(must);
  let c = await s.register(wifiInput(people.anna, { reporter: people.carl }), people.carl);
  c = await act(people.emma, {
    verb: 'escalate_group',
    caseId: c.id,
    version: c.version,
    groupId: 'ops-network',
    reason: 'AP',
  });
  c = await s.store.updateCase({ ...c, caseOwner: toRef(people.mogens) }, c.version);
  const v = () => ({ caseId: c.id, version: c.version });
  if (['unassign', 'set_status'].includes(verb)) c = await act(people.thor, { verb: 'claim', ...v() });
  if (verb === 'acknowledge_escalation') {
    c = await act(people.thor, { verb: 'escalate_manager', ...v(), reasonCode: 'complaint', reason: 'Angry user' });
  }
  if (
    ['close', 'return_to_technician', 'save_article', 'confirm_solved', 'still_a_problem', 'evaluate'].includes(verb)
  ) {
    c = await act(people.thor, { verb: 'resolve', ...v(), solution: 'Rebooted the access point' });
  }
  if (verb === 'evaluate') c = await act(people.emma, { verb: 'close', ...v() });
  await s.outbox.take();
  return c;
}

function actionFor(verb: string, c: Case): CardAction {
  const on = { caseId: c.id, version: c.version };
  switch (verb) {
    case 'assign':
      return { verb, ...on, assigneeEmail: 'ulrik.skou@au.dk' };
    case 'set_status':
      return { verb, ...on, status: 'awaiting_vendor', vendorName: 'Cisco' };
    case 'note':
      return { verb, ...on, text: 'Looked at it', visibility: 'internal' };
    case 'escalate_group':
      return { verb, ...on, groupId: 'ops-cloud', reason: 'Server side' };
    case 'escalate_manager':
      return { verb, ...on, reasonCode: 'agreement_at_risk', reason: 'Taking too long' };
    case 'resolve':
      return { verb, ...on, solution: 'Fixed' };
    case 'return_to_technician':
      return { verb, ...on, reason: 'Not documented well enough' };
    case 'evaluate':
      return { verb, ...on, score: 4 };
    default:
      return { verb, ...on } as CardAction;
  }
}

describe('CaseService role table', () => {
  let s: Services;
  beforeAll(async () => {
    s = await buildServices();
  });
  afterAll(async () => {
    await s.close();
  });

  it('gives each persona exactly its one role when the case is set up for the table', async () => {
    const c = await caseFor(s, 'claim');
    for (const [persona, p] of Object.entries(PERSONAS)) {
      const expected = persona === 'nobody' ? [] : [persona];
      expect(rolesFor(p, c, s.catalogue), persona).toEqual(expected);
    }
  });

  for (const [verb, allowed] of Object.entries(TABLE)) {
    const refused = (Object.keys(PERSONAS) as Persona[]).filter((p) => !allowed.includes(p));

    it(`refuses ${verb} and changes nothing when the actor is ${refused.join(', ')}`, async () => {
      const c = await caseFor(s, verb);
      for (const persona of refused) {
        const out = await s.service.act(PERSONAS[persona], actionFor(verb, c));
        expect(out.ok, `${persona} may not ${verb}`).toBe(false);
        if (out.ok) continue;
        expect(out.code, persona).toBe('CASE.FORBIDDEN');
        expect(out.reply.text, persona).toMatch(PERSONAS[persona].locale === 'da' ? /^Kun / : /^Only /);
        // The fresh card only for someone who may see the case: not for nobody (a forwarded card).
        expect(out.card?.version, persona).toBe(persona === 'nobody' ? undefined : c.version);
      }
      expect((await s.store.getCase(c.id))?.version).toBe(c.version);
      expect(await s.outbox.take()).toEqual([]);
    });

    it(`allows ${verb} when the actor is ${allowed.join(', ')}`, async () => {
      for (const persona of allowed) {
        const c = await caseFor(s, verb);
        const out = await s.service.act(PERSONAS[persona], actionFor(verb, c));
        if (!out.ok) throw new Error(`${persona} should be allowed to ${verb}: ${out.code} ${out.reply.text}`);
        if (verb !== 'refresh') expect(out.case.version, persona).toBe(c.version + 1);
      }
    });
  }

  it('names who can do it when a network technician tries to close', async () => {
    const c = await caseFor(s, 'close');
    const out = await s.service.act(people.thor, actionFor('close', c));
    expect(out.reply?.text).toBe(
      `Only 1st-level support (ARTS Support) can close the case (${c.number}). Nothing was changed.`,
    );
  });

  it('names the supervisor when someone else tries to acknowledge an escalation', async () => {
    const c = await caseFor(s, 'acknowledge_escalation');
    const out = await s.service.act(people.thor, actionFor('acknowledge_escalation', c));
    expect(out.reply?.text).toContain('the supervisor of Operations: Network (Erik Strand)');
  });

  it('refuses to assign to someone outside the group when the e-mail is not a member', async () => {
    const c = await caseFor(s, 'assign');
    const out = await s.service.act(people.thor, {
      verb: 'assign',
      caseId: c.id,
      version: c.version,
      assigneeEmail: 'jonas.vestergaard@au.dk',
    });
    expect(out).toMatchObject({ ok: false, code: 'CASE.NOT_A_MEMBER' });
    expect(out.reply?.text).toContain('is not a member of Operations: Network');
    expect((await s.store.getCase(c.id))?.assignee).toBeUndefined();
  });
});
