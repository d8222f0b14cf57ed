import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCatalogueIndex, loadCatalogue } from '../../src/config/load-catalogue.js';
import type { Case, Note } from '../../src/models/case.js';
import {
  isBackWithOwner,
  MANAGER_TARGET,
  presentCase,
  presentCaseForUser,
  presentChannelCard,
  presentMovedCard,
  workingCards,
} from '../../src/services/case-view.js';
import { annaWifiCase } from '../helpers/case-builder.js';
import { people } from '../helpers/people.js';
import { shippedCatalogue } from '../helpers/services.js';

const catalogue = shippedCatalogue();
const deps = (locale: 'da' | 'en', now = '2025-03-03T10:00:00.000Z') => ({
  catalogue,
  timeZone: 'Europe/Copenhagen',
  locale,
  now: new Date(now),
});

const note = (n: number, visibility: Note['visibility']): Note => ({
  id: `n${n}`,
  at: `2025-03-03T09:0${n}:00.000Z`,
  author: { id: 'teams:jonas', name: 'Jonas Vestergaard' },
  text: `note ${n}`,
  visibility,
});

/** Anna's P2 Wi-Fi case INC-000042 at the ARTS desk, version 7, registered 2025-03-03 09:00 UTC, with its SLA. */
const caseWith = (overrides: Partial<Case> = {}): Case =>
  annaWifiCase(overrides, {
    sla: {
      responseTargetMinutes: 60,
      resolutionTargetMinutes: 480,
      responseDueAt: '2025-03-03T13:05:00.000Z',
      resolutionDueAt: '2025-03-04T09:00:00.000Z',
      pausedIntervals: [],
      breaches: [],
      fired: [],
    },
  });

const verbs = (card: { actions: { action: { verb: string; form?: unknown } }[] }) =>
  card.actions.map((a) => (a.action.verb === 'open_form' ? `form:${String(a.action.form)}` : a.action.verb));

describe('presentCase', () => {
  it('labels everything in English and shows the SLA due time in the configured zone', () => {
    const card = presentCase(caseWith(), null, deps('en'));
    expect(card).toMatchObject({
      number: 'INC-000042',
      version: 7,
      typeLabel: 'Incident',
      categoryLabel: 'Wireless network (eduroam)',
      priorityLabel: 'P2 High',
      statusLabel: 'Registered',
      groupLabel: 'ARTS Support',
      assigneeLabel: 'Unassigned',
      slaLabel: 'due Mon 3 Mar, 14:05',
      breached: false,
    });
  });

  it('labels everything in Danish when the locale is da', () => {
    const card = presentCase(caseWith({ status: 'awaiting_vendor', vendor: { name: 'Cisco' } }), null, deps('da'));
    expect(card).toMatchObject({
      statusLabel: 'Afventer leverandør',
      priorityLabel: 'P2 Høj',
      categoryLabel: 'Trådløst net (eduroam)',
    });
    expect(card.slaLabel).toMatch(/^frist man\. 3\. mar\.,? 14[.:]05$/);
    expect(card.facts).toContainEqual({ label: 'Leverandør', value: 'Cisco' });
  });

  it('says breached when the running target has passed', () => {
    const card = presentCase(caseWith(), null, deps('en', '2025-03-03T13:06:00.000Z'));
    expect(card.breached).toBe(true);
    expect(card.slaLabel).toBe('breached (due Mon 3 Mar, 14:05)');
  });

  it('gives the channel card claim, forms and menus, each action carrying case id and version', () => {
    const card = presentCase(caseWith(), null, deps('en'));
    expect(verbs(card)).toEqual([
      'claim',
      'form:resolve',
      'form:note',
      'form:classify',
      'form:escalate',
      'form:declare_major',
      'form:link_major',
      'similar',
      'refresh',
    ]);
    for (const a of card.actions) expect(a.action).toMatchObject({ caseId: 'c1', version: 7 });
    expect(card.menus.map((m) => `${m.id}:${m.verb}`)).toEqual([
      'assigneeEmail:assign',
      'status:set_status',
      'groupId:escalate_group',
    ]);
    const assign = card.menus[0]!;
    expect(assign.options.map((o) => o.value)).toEqual([
      'jonas.vestergaard@au.dk',
      'emma.skov@au.dk',
      'rasmus.bang@au.dk',
      'karen.moeller@au.dk',
    ]);
    const escalate = card.menus[2]!;
    expect(escalate.options.some((o) => o.value === 'arts-support')).toBe(false);
    expect(escalate.options.at(-1)).toEqual({ value: MANAGER_TARGET, label: 'Manager (Karen Møller)' });
  });

  it("names in the escalate menu the manager it really goes to: above the group's supervisor when she clicks", () => {
    const managerOption = (c: Case, viewer: (typeof people)[keyof typeof people] | null) =>
      presentCase(c, viewer, deps('en'))
        .menus.find((m) => m.verb === 'escalate_group')
        ?.options.find((o) => o.value === MANAGER_TARGET)?.label;
    const arts = annaWifiCase();
    expect(managerOption(arts, people.jonas)).toBe('Manager (Karen Møller)');
    // Karen supervises ARTS Support (holding and owning it): it goes to the central dispatch's supervisor.
    expect(managerOption(arts, people.karen)).toBe('Manager (Lone Bech Hansen)');
    // The central dispatch's supervisor on its own case: her manager is only known to the directory.
    const lone = { id: 'teams:lone', name: 'Lone Bech Hansen', email: 'Lone.Bech@au.dk', locale: 'en' as const };
    const central: Case = { ...arts, groupId: 'it-support', ownerGroupId: 'it-support' };
    expect(managerOption(central, lone)).toBe('Manager');
  });

  it('puts the first 15 people of a large desk on the card and makes the assign menu searchable for the rest', () => {
    const source = loadCatalogue(fileURLToPath(new URL('../../config/catalogue.yaml', import.meta.url)));
    const members = Array.from({ length: 40 }, (_, i) => `person-${i}@au.dk`);
    const big = createCatalogueIndex({
      ...source,
      groups: source.groups.map((g) =>
        g.id === 'arts-support' ? { ...g, members: [...members, people.emma.email] } : g,
      ),
    });
    const c = caseWith({ id: 'c1', version: 7, assignee: { id: 'x', name: 'P0', email: 'person-0@au.dk' } });
    const card = presentCase(c, people.emma, { ...deps('en'), catalogue: big });
    const assign = card.menus.find((m) => m.verb === 'assign');
    expect(assign?.search).toBe('assignees:arts-support');
    expect(assign?.options.map((o) => o.value)).toEqual(members.slice(1, 16));
    // A desk of a few people keeps every person inline and no search.
    const small = presentCase(c, people.emma, deps('en')).menus.find((m) => m.verb === 'assign');
    expect(small?.search).toBeUndefined();
  });

  it('offers close, return and save to 1st level when the case is resolved', () => {
    const c = caseWith({
      status: 'resolved',
      solution: { text: 'Fixed', by: { id: 'x', name: 'X' }, at: '2025-03-03T09:30:00.000Z' },
    });
    const card = presentCase(c, people.emma, deps('en'));
    // A resolved case may still have its category and type corrected (`classify`), not its priority.
    expect(verbs(card)).toEqual(['close', 'form:note', 'form:classify', 'form:escalate', 'save_article', 'refresh']);
    expect(card.classify?.priorities).toBeUndefined();
    expect(card.menus.map((m) => m.verb)).toEqual(['return_to_technician']);
    expect(card.solution).toBe('Fixed');
    expect(card.slaLabel).toBeUndefined();
  });

  it('shows the user only public notes and their answer buttons when the case is resolved', () => {
    const c = caseWith({
      status: 'resolved',
      notes: [note(4, 'internal'), note(3, 'public'), note(2, 'public'), note(1, 'public'), note(0, 'public')],
    });
    const card = presentCase(c, people.anna, deps('en'));
    expect(card.notes.map((n) => n.text)).toEqual(['note 3', 'note 2', 'note 1']);
    expect(verbs(card)).toEqual(['confirm_solved', 'still_a_problem', 'refresh']);
    expect(card.menus).toEqual([]);
  });

  it('shows staff the latest three notes including internal ones', () => {
    const c = caseWith({ notes: [note(4, 'internal'), note(3, 'public'), note(2, 'public'), note(1, 'public')] });
    const card = presentCase(c, people.jonas, deps('en'));
    expect(card.notes.map((n) => [n.text, n.internal])).toEqual([
      ['note 4', true],
      ['note 3', false],
      ['note 2', false],
    ]);
  });

  it('offers nothing but refresh to a user who is not on the case', () => {
    expect(presentCase(caseWith(), people.carl, deps('en')).actions).toEqual([]);
  });
});

describe('presentMovedCard', () => {
  it('shows where the case went and who moved it, without actions', () => {
    const c = escalatedCase();
    const ref = { platform: 'teams' as const, groupId: 'arts-support', channelId: 'ch', messageId: 'm', active: false };
    const card = presentMovedCard(c, ref, deps('en'));
    expect(card.banner).toBe('Moved to Operations: Network by Jonas Vestergaard');
    expect(card.actions).toEqual([]);
    expect(card.menus).toEqual([]);
    expect(presentMovedCard(c, ref, deps('da')).banner).toBe('Flyttet til Drift: Netværk af Jonas Vestergaard');
  });

  it('says who has the case, not who moved it, when it was routed straight to a desk and never moved', () => {
    const c = caseWith({
      groupId: 'ops-network',
      escalations: [],
      history: [{ at: '2025-03-03T09:20:00.000Z', actor: { id: 'teams:anna', name: 'Anna Berg' }, action: 'reopen' }],
    });
    const ref = { platform: 'teams' as const, groupId: 'arts-support', channelId: 'ch', messageId: 'm', active: false };
    expect(presentMovedCard(c, ref, deps('en')).banner).toBe('With Operations: Network, working on the case');
    expect(presentMovedCard(c, ref, deps('da')).banner).toBe('Hos Drift: Netværk, der arbejder på sagen');
  });
});

/** A case of ARTS Support (1st level) that Operations: Network (3rd level) holds after a functional escalation. */
function escalatedCase(overrides: Partial<Case> = {}): Case {
  return caseWith({
    groupId: 'ops-network',
    escalations: [
      {
        kind: 'functional',
        at: '2025-03-03T09:10:00.000Z',
        by: { id: 'teams:jonas', name: 'Jonas Vestergaard' },
        fromGroupId: 'arts-support',
        toGroupId: 'ops-network',
        reason: 'AP',
      },
    ],
    ...overrides,
  });
}
const resolvedFields: Partial<Case> = {
  status: 'resolved',
  solution: { text: 'Replaced the access point', by: { id: 'x', name: 'X' }, at: '2025-03-03T09:30:00.000Z' },
  resolvedAt: '2025-03-03T09:30:00.000Z',
};
const ref = (groupId: string, messageId: string, active: boolean, platform: 'teams' | 'slack' = 'teams') => ({
  platform,
  groupId,
  channelId: `ch-${groupId}`,
  messageId,
  active,
});

describe('presentChannelCard', () => {
  it("gives the owner's channel close, return and a line saying the case is back when the desk resolved it", () => {
    const card = presentChannelCard(escalatedCase(resolvedFields), deps('en'), 'arts-support');
    expect(verbs(card)).toContain('close');
    expect(card.menus.map((m) => m.verb)).toEqual(['return_to_technician']);
    expect(card.banner).toBe(
      'Solved by Operations: Network and back with ARTS Support: check the solution, then close the case or return ' +
        'it to the technician',
    );
    expect(presentChannelCard(escalatedCase(resolvedFields), deps('da'), 'arts-support').banner).toMatch(
      /^Løst af Drift: Netværk og tilbage hos ARTS Support/,
    );
  });

  it("leaves close and return off the desk's card and says who closes when the desk resolved the case", () => {
    const card = presentChannelCard(escalatedCase(resolvedFields), deps('en'));
    expect(verbs(card)).not.toContain('close');
    expect(card.menus.map((m) => m.verb)).not.toContain('return_to_technician');
    expect(verbs(card)).toContain('save_article');
    expect(card.banner).toBe('Solved and back with ARTS Support, who checks the solution and closes the case');
    // The old all-roles channel card is gone: presentCase for the channel is the desk's card.
    expect(verbs(presentCase(escalatedCase(resolvedFields), null, deps('en')))).toEqual(verbs(card));
  });

  it('offers the desk its working actions and no banner while the case is open', () => {
    const card = presentChannelCard(escalatedCase(), deps('en'));
    expect(verbs(card)).toEqual(expect.arrayContaining(['claim', 'form:resolve', 'form:note']));
    expect(card.banner).toBeUndefined();
  });

  it('keeps close and return on the card of a 1st-level group that holds its own case', () => {
    const card = presentChannelCard(caseWith(resolvedFields), deps('en'));
    expect(verbs(card)).toContain('close');
    expect(card.menus.map((m) => m.verb)).toEqual(['return_to_technician']);
    expect(card.banner).toBeUndefined();
  });
});

describe('workingCards', () => {
  it("adds the owner's latest card per channel to the active ones while the case is back with its owner", () => {
    const older = ref('arts-support', 'a1', false);
    const latest = ref('arts-support', 'a2', false);
    const slack = ref('arts-support', 's1', false, 'slack');
    const desk = ref('ops-network', 'n1', true);
    const other = ref('arts-emdrup', 'e1', false);
    const cards = [older, other, latest, slack, desk];
    expect(workingCards(escalatedCase({ ...resolvedFields, cards }))).toEqual([desk, latest, slack]);
    expect(workingCards(escalatedCase({ ...resolvedFields, status: 'closed', cards }))).toEqual([desk, latest, slack]);
  });

  it('is the active cards only while the desk works the case or it went back to the technician', () => {
    const cards = [ref('arts-support', 'a1', false), ref('ops-network', 'n1', true)];
    expect(workingCards(escalatedCase({ cards, status: 'in_progress' }))).toEqual([cards[1]]);
    expect(isBackWithOwner(escalatedCase({ cards, status: 'in_progress' }))).toBe(false);
    // The owner's own case never turns an old card of its channel back on.
    const own = caseWith({
      ...resolvedFields,
      cards: [ref('arts-support', 'a0', false), ref('arts-support', 'a1', true)],
    });
    expect(workingCards(own)).toEqual([own.cards[1]]);
  });
});

describe('presentCaseForUser', () => {
  it('is read-only with public notes and hides the case owner', () => {
    const c = caseWith({ caseOwner: { id: 'teams:jonas', name: 'Jonas Vestergaard' }, notes: [note(1, 'internal')] });
    const card = presentCaseForUser(c, deps('en'));
    expect(card.notes).toEqual([]);
    expect(verbs(card)).toEqual(['refresh']);
    expect(card.facts.some((f) => f.label === 'Case owner')).toBe(false);
  });
});
