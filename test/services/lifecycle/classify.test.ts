import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { presentCase } from '../../../src/services/case-view.js';
import { people } from '../../helpers/people.js';
import { buildServices, kinds, okCase, type Services, threadTexts, toPerson } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';

describe('CaseService: classify (category, type, priority)', () => {
  let s: Services;
  beforeEach(async () => {
    // Monday 3 March 2025, 10:00 in Copenhagen.
    s = await buildServices({ now: '2025-03-03T09:00:00Z' });
  });
  afterEach(async () => {
    await s.close();
  });

  const on = (c: Case) => ({ caseId: c.id, version: c.version });
  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;

  it('raises the priority in one write with history, new SLA due times and the next timer, and pings the supervisor when it becomes urgent', async () => {
    const c = await s.reportWifi(); // P3: response due 14:00 (13:00Z), reminder at 13:00 local
    expect(c.priority).toBe('P3');
    expect(c.nextTimerAt).toBe('2025-03-03T12:00:00.000Z');
    s.clock.advance(5 * 60_000);

    const out = await s.service.act(people.jonas, {
      verb: 'classify',
      ...on(c),
      categoryId: c.categoryId,
      type: c.type,
      priority: 'P1',
      reason: 'The whole floor is down',
    });
    const after = okCase(out);
    expect(after.version).toBe(c.version + 1);
    const stored = await fresh(c);
    expect(stored).toMatchObject({
      priority: 'P1',
      categoryId: 'wifi-eduroam',
      type: 'incident',
      groupId: 'arts-support',
    });
    // P1 runs around the clock: response 30 minutes, resolution 240 minutes from the change.
    expect(stored.sla).toMatchObject({
      responseTargetMinutes: 30,
      resolutionTargetMinutes: 240,
      responseDueAt: '2025-03-03T09:35:00.000Z',
      resolutionDueAt: '2025-03-03T13:05:00.000Z',
    });
    // The sweeper's next look follows: P1's unclaimed ping 15 minutes after registration.
    expect(stored.nextTimerAt).toBe('2025-03-03T09:15:00.000Z');
    expect(stored.history.at(-1)).toMatchObject({
      at: '2025-03-03T09:05:00.000Z',
      actor: { id: people.jonas.id },
      action: 'set_priority',
      from: 'P3',
      to: 'P1',
      detail: 'The whole floor is down',
    });

    const sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['send_person', 'thread_reply', 'update_cards']);
    expect(threadTexts(sent)[0]).toBe(
      'Jonas Vestergaard (ARTS Support) klassificerede sagen: prioritet P3 Normal → P1 Kritisk. Begrundelse: The whole floor is down',
    );
    // The user is not messaged; the supervisor of the group holding it is (urgent).
    expect(toPerson(sent, people.anna.id)).toEqual([]);
    expect(toPerson(sent, people.karen.id)).toHaveLength(1);
    expect(toPerson(sent, people.karen.id)[0]?.mention?.id).toBe(people.karen.id);
    // Raised, not just registered: the ping says who raised it.
    expect(toPerson(sent, people.karen.id)[0]?.text).toBe(
      `Karen Møller: sag ${c.number} ("${c.title}") fra Anna Berg hos ARTS Support er hævet til P1 Kritisk af Jonas Vestergaard (ARTS Support) og haster. Sørg for, at nogen tager den nu.`,
    );

    // The card shows the new priority; the ladder breaches the new response target.
    expect(
      presentCase(stored, null, { catalogue: s.catalogue, timeZone: 'Europe/Copenhagen', locale: 'en' }),
    ).toMatchObject({ priority: 'P1', priorityLabel: 'P1 Critical' });
    s.clock.set('2025-03-03T09:36:00Z');
    await buildSweeper(s).sweepOnce();
    expect((await fresh(c)).sla.breaches).toEqual([{ kind: 'response', at: '2025-03-03T09:36:00.000Z' }]);
  });

  it('pings an English-speaking supervisor in English, naming who raised it, when a case at another desk becomes urgent', async () => {
    let c = await s.reportWifi();
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', ...on(c) }));
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'escalate_group',
        ...on(c),
        groupId: 'ops-network',
        reason: 'Access point',
      }),
    );
    c = okCase(await s.service.act(people.thor, { verb: 'claim', ...on(c) }));
    await s.outbox.take();
    okCase(await s.service.act(people.thor, { verb: 'classify', ...on(c), priority: 'P1' }));
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.karen.id)).toEqual([]);
    expect(toPerson(sent, people.erik.id).map((m) => m.text)).toEqual([
      `Erik Strand: case ${c.number} ("${c.title}") from Anna Berg at Operations: Network was raised to P1 Critical by Thor Aaes (Operations: Network) and is urgent. Please see that someone takes it now.`,
    ]);
  });

  it('corrects category and type without moving the case or touching its clock, and messages nobody but the thread', async () => {
    const c = await s.reportWifi();
    const after = okCase(
      await s.service.act(people.jonas, { verb: 'classify', ...on(c), categoryId: 'vpn', type: 'service_request' }),
    );
    expect(after).toMatchObject({
      categoryId: 'vpn',
      type: 'service_request',
      priority: 'P3',
      groupId: 'arts-support',
      number: c.number,
    });
    expect(after.sla).toEqual(c.sla);
    expect(after.history.slice(-2).map((h) => [h.action, h.from, h.to])).toEqual([
      ['set_category', 'wifi-eduroam', 'vpn'],
      ['set_type', 'incident', 'service_request'],
    ]);
    const sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['thread_reply', 'update_cards']);
    expect(threadTexts(sent)[0]).toContain(
      'kategori Trådløst net (eduroam) → VPN og fjernadgang; type Hændelse → Serviceanmodning.',
    );
  });

  it('lowers the priority and moves the due times out, with no ping', async () => {
    const c = await s.reportWifi();
    const after = okCase(await s.service.act(people.jonas, { verb: 'classify', ...on(c), priority: 'P4' }));
    // P4: 480 business minutes to respond (one business day), 4800 to resolve (ten).
    expect(after.sla.responseDueAt).toBe('2025-03-04T09:00:00.000Z');
    expect(after.sla.resolutionDueAt).toBe('2025-03-17T09:00:00.000Z');
    expect(kinds(await s.outbox.take())).toEqual(['thread_reply', 'update_cards']);
  });

  it('refuses, changing nothing, when nothing changes, the category is unknown, the version is stale or the actor may not', async () => {
    const c = await s.reportWifi();
    const same = await s.service.act(people.jonas, {
      verb: 'classify',
      ...on(c),
      categoryId: 'wifi-eduroam',
      type: 'incident',
      priority: 'P3',
    });
    expect(same).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect(same.reply?.text).toBe(
      `${c.number}: Nothing to save – the category, type and priority are the same as before.`,
    );

    const unknown = await s.service.act(people.jonas, {
      verb: 'classify',
      ...on(c),
      categoryId: 'coffee',
      priority: 'P1',
    });
    expect(unknown).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect(unknown.reply?.text).toContain('There is no category "coffee"');

    const stale = await s.service.act(people.jonas, {
      verb: 'classify',
      caseId: c.id,
      version: c.version - 1,
      priority: 'P1',
    });
    expect(stale).toMatchObject({ ok: false, code: 'CASE.CONFLICT' });

    // Thor works for Operations: Network, not the group holding the case; Anna is the user.
    for (const who of [people.thor, people.anna]) {
      expect(await s.service.act(who, { verb: 'classify', ...on(c), priority: 'P1' })).toMatchObject({
        ok: false,
        code: 'CASE.FORBIDDEN',
      });
    }
    expect(await fresh(c)).toEqual(c);
    expect(await s.outbox.take()).toEqual([]);
  });

  it('lets a resolved case have its category corrected but not its priority, and a closed case nothing', async () => {
    let c = await s.reportWifi();
    c = okCase(await s.service.act(people.jonas, { verb: 'resolve', ...on(c), solution: 'Renewed the certificate' }));
    const priority = await s.service.act(people.jonas, { verb: 'classify', ...on(c), priority: 'P1' });
    expect(priority).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect(priority.reply?.text).toContain('is resolved: its priority (P3 Normal) no longer changes');
    c = okCase(await s.service.act(people.jonas, { verb: 'classify', ...on(c), categoryId: 'vpn' }));
    expect(c.categoryId).toBe('vpn');
    // The resolved card offers category and type, no priority.
    const card = s.service['ctx'].card(c, people.jonas, 'en');
    expect(card.classify).toMatchObject({ categoryId: 'vpn', priority: 'P3' });
    expect(card.classify?.priorities).toBeUndefined();
    expect(card.classify?.categories?.length).toBe(s.catalogue.catalogue.categories.length);

    c = okCase(await s.service.act(people.emma, { verb: 'close', ...on(c) }));
    const closed = await s.service.act(people.jonas, { verb: 'classify', ...on(c), categoryId: 'wifi-eduroam' });
    expect(closed).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
    expect(s.service['ctx'].card(c, people.jonas, 'en').classify).toBeUndefined();
  });

  it('offers the classify form pre-set to the case when staff open it, and not to the user', async () => {
    const c = await s.reportWifi();
    const out = await s.service.act(people.jonas, { verb: 'open_form', ...on(c), form: 'classify' });
    expect(out.ok).toBe(true);
    const form = out.reply?.form;
    expect(form?.inputs.map((i) => [i.id, i.value, i.required])).toEqual([
      ['categoryId', 'wifi-eduroam', true],
      ['type', 'incident', true],
      ['priority', 'P3', true],
      ['reason', undefined, false],
    ]);
    expect(form?.inputs[2]?.options?.map((o) => o.label)).toEqual(['P1 Critical', 'P2 High', 'P3 Normal', 'P4 Low']);
    expect(form?.submit.map((a) => a.action)).toEqual([{ verb: 'classify', ...on(c) }]);
    expect(out.card?.actions.some((a) => a.action['form'] === 'classify')).toBe(true);

    expect(await s.service.act(people.anna, { verb: 'open_form', ...on(c), form: 'classify' })).toMatchObject({
      ok: false,
      code: 'CASE.FORBIDDEN',
    });
  });
});
