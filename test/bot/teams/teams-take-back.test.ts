import { beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { type Json, walk } from '../../helpers/card-walk.js';
import { anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-take-back-');
/** The central dispatch group of config/catalogue.yaml. */
const GROUP = 'it-support';
const BUILDINGS = 'external:AU Bygninger';
/** A member of it-support in the catalogue (matched by the e-mail the member lookup gives). */
const PETER: TestUser = { id: '29:peter', aadObjectId: 'aad-peter', name: 'Peter Aagaard' };

let t: TeamsApp;
beforeEach(async () => {
  t = await apps.start({ emails: { '29:peter': 'peter.aagaard@au.dk' }, record: false });
});

/** Peter's click on the case card (Action.Execute); the card the invoke answers with. */
async function click(data: Record<string, unknown>): Promise<Json> {
  const res = await t.post(anActionInvoke(PETER, data));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { statusCode: number; value: Json };
  expect(body.statusCode).toBe(200);
  return body.value;
}

/** The choices of the card's group input of the escalation sub-form (value → title). */
function groupChoices(card: Json): Record<string, string> {
  const input = walk(card).find((n) => n['id'] === 'escalate_group.groupId');
  const choices = (input?.['choices'] ?? []) as { title: string; value: string }[];
  return Object.fromEntries(choices.map((c) => [c.value, c.title]));
}

describe('Teams: taking a case back from outside AU IT', () => {
  it("offers the own group on the card's escalation form while handed over, and its submit takes the case back", async () => {
    const { store } = t.app.services;
    const created: Case = await store.createCase(
      buildNewCase({
        title: 'The badge reader at the door is dead',
        categoryId: 'vpn',
        groupId: GROUP,
        ownerGroupId: GROUP,
        locale: 'en',
        user: { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk', locale: 'en' },
      }),
    );
    expect(Object.keys(groupChoices(await click({ verb: 'refresh', caseId: created.id })))).not.toContain(GROUP);

    await click({
      verb: 'escalate_group',
      caseId: created.id,
      version: created.version,
      'escalate_group.groupId': BUILDINGS,
      'escalate_group.reason': 'Building services own the door',
    });
    const handed = (await store.getCase(created.id))!;
    expect(handed.sla.pausedSince).toBeDefined();
    const card = await click({ verb: 'refresh', caseId: created.id });
    expect(groupChoices(card)[GROUP]).toBe('AU IT Support (central dispatch) (take back from AU Bygninger)');

    const after = await click({
      verb: 'escalate_group',
      caseId: created.id,
      version: handed.version,
      'escalate_group.groupId': GROUP,
      'escalate_group.reason': 'AU Bygninger says the reader is fine: the network port is dead',
    });
    const back = (await store.getCase(created.id))!;
    expect(back.version).toBe(handed.version + 1);
    expect(back.groupId).toBe(GROUP);
    expect(back.escalations.at(-1)).toMatchObject({ kind: 'functional', fromGroupId: BUILDINGS, toGroupId: GROUP });
    expect(back.sla.pausedSince).toBeUndefined();
    // The fresh card the click answers with offers no take-back any more.
    expect(Object.keys(groupChoices(after))).not.toContain(GROUP);
  });
});

describe('Teams: handing a case over outside AU IT', () => {
  const itSupportCase = () =>
    t.app.services.store.createCase(
      buildNewCase({
        title: 'The badge reader at the door is dead',
        categoryId: 'vpn',
        groupId: GROUP,
        ownerGroupId: GROUP,
        locale: 'en',
        user: { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk', locale: 'en' },
      }),
    );

  it("offers 'Outside AU IT' with the unit's name on the card's escalation form, and its submit hands the case over", async () => {
    const created = await itSupportCase();
    const card = await click({ verb: 'refresh', caseId: created.id });
    expect(groupChoices(card)['external:']).toBe('Outside AU IT (name the unit)');
    const unit = walk(card).find((n) => n['id'] === 'escalate_group.unit');
    expect(unit).toMatchObject({ type: 'Input.Text', maxLength: 100 });
    expect(String(unit?.['label'])).toContain('Unit outside AU IT');

    await click({
      verb: 'escalate_group',
      caseId: created.id,
      version: created.version,
      'escalate_group.groupId': 'external:',
      'escalate_group.unit': 'AU Bygninger',
      'escalate_group.reason': 'Building services own the door',
    });
    const handed = (await t.app.services.store.getCase(created.id))!;
    expect(handed.version).toBe(created.version + 1);
    expect(handed.groupId).toBe(GROUP);
    expect(handed.escalations.at(-1)).toMatchObject({ kind: 'functional', fromGroupId: GROUP, toGroupId: BUILDINGS });
    expect(handed.sla.pausedSince).toBeDefined();
  });

  it('asks for the name of the unit when Outside AU IT is chosen without one, and changes nothing', async () => {
    const created = await itSupportCase();
    const answer = await click({
      verb: 'escalate_group',
      caseId: created.id,
      version: created.version,
      'escalate_group.groupId': 'external:',
      'escalate_group.unit': '  ',
      'escalate_group.reason': 'Building services own the door',
    });
    expect(JSON.stringify(answer)).toContain('Name the unit outside AU IT that takes the case over');
    const stored = (await t.app.services.store.getCase(created.id))!;
    expect(stored.version).toBe(created.version);
    expect(stored.escalations).toEqual([]);
  });
});
