import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people } from '../../helpers/people.js';
import { buildServices, type Services, toPerson } from '../../helpers/services.js';

describe('CaseService concurrency', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('changes nothing and answers "changed meanwhile by X" with the fresh card when the version is stale', async () => {
    const c = await s.reportWifi();
    const first = await s.service.act(people.jonas, {
      verb: 'note',
      caseId: c.id,
      version: c.version,
      text: 'first',
      visibility: 'internal',
    });
    expect(first.ok).toBe(true);
    await s.outbox.take();

    const stale = await s.service.act(people.emma, {
      verb: 'note',
      caseId: c.id,
      version: c.version,
      text: 'second',
      visibility: 'public',
    });
    expect(stale).toMatchObject({ ok: false, code: 'CASE.CONFLICT' });
    if (stale.ok) return;
    expect(stale.reply.text).toContain('ændret i mellemtiden af Jonas Vestergaard');
    expect(stale.card?.version).toBe(c.version + 1);
    expect(stale.card?.notice).toBe(stale.reply.text);
    expect(stale.card?.notes.map((n) => n.text)).toEqual(['first']);
    const stored = await s.store.getCase(c.id);
    expect(stored?.notes.map((n) => n.text)).toEqual(['first']);
    expect(await s.outbox.take()).toEqual([]);
  });

  it('does not name the clicker as the one who changed it when the latest change is her own (double click)', async () => {
    const c = await s.reportWifi();
    const note = (text: string) =>
      s.service.act(people.emma, { verb: 'note', caseId: c.id, version: c.version, text, visibility: 'internal' });
    expect((await note('first')).ok).toBe(true);
    await s.outbox.take();
    // The same card clicked again: Emma's own note is the change since it was rendered.
    const again = await note('first');
    expect(again).toMatchObject({ ok: false, code: 'CASE.CONFLICT' });
    if (again.ok) return;
    expect(again.reply.text).toBe(
      `${c.number} er ændret, siden kortet blev vist, og seneste ændring er din egen (måske et tidligere klik). Her er den aktuelle sag; prøv igen, hvis det stadig er relevant.`,
    );
    expect(again.reply.text).not.toContain(people.emma.name);
    expect(again.card?.notice).toBe(again.reply.text);
    expect(again.card?.version).toBe(c.version + 1);
    // In English too, and by e-mail: the same person from the other app (another platform id).
    const jonas = await s.service.act(people.jonas, {
      verb: 'note',
      caseId: c.id,
      version: c.version + 1,
      text: 'second',
      visibility: 'internal',
    });
    expect(jonas.ok).toBe(true);
    const fromSlack = { ...people.jonas, id: 'slack:U0JONAS' };
    const stale = await s.service.act(fromSlack, {
      verb: 'set_status',
      caseId: c.id,
      version: c.version + 1,
      status: 'in_progress',
    });
    expect(stale).toMatchObject({ ok: false, code: 'CASE.CONFLICT' });
    expect(stale.reply?.text).toBe(
      `${c.number} has changed since this card was shown, and the latest change is your own (an earlier click, perhaps). Here is the current case; try again if it still applies.`,
    );
    // Someone else still hears who changed it.
    const other = await s.service.act(people.karen, {
      verb: 'note',
      caseId: c.id,
      version: c.version,
      text: 'x',
      visibility: 'internal',
    });
    expect(other.reply?.text).toContain('ændret i mellemtiden af Jonas Vestergaard');
    expect((await s.store.getCase(c.id))?.notes.map((n) => n.text)).toEqual(['second', 'first']);
  });

  it('tells a staff member who double-clicks Claim that the case is already hers, also when both clicks race', async () => {
    const c = await s.reportWifi();
    const click = () => s.service.act(people.emma, { verb: 'claim', caseId: c.id, version: c.version });
    const [a, b] = await Promise.all([click(), click()]);
    const loser = [a, b].find((o) => !o.ok);
    expect([a, b].filter((o) => o.ok)).toHaveLength(1);
    expect(loser).toMatchObject({ ok: false, code: 'CASE.ALREADY_CLAIMED' });
    expect(loser?.reply?.text).toBe(`Du har allerede sag ${c.number}.`);
    const late = await click();
    expect(late.reply?.text).toBe(`Du har allerede sag ${c.number}.`);
  });

  it('lets exactly one of two simultaneous claims win and tells the other who has the case', async () => {
    const c = await s.reportWifi();
    const [a, b] = await Promise.all([
      s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }),
      s.service.act(people.emma, { verb: 'claim', caseId: c.id, version: c.version }),
    ]);
    const outcomes = [a, b];
    const winners = outcomes.filter((o) => o.ok);
    const losers = outcomes.filter((o) => !o.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = winners[0]!;
    const loser = losers[0]!;
    if (!winner.ok || loser.ok) return;
    expect(loser.code).toBe('CASE.ALREADY_CLAIMED');
    expect(loser.reply.text).toContain(`${winner.case.assignee?.name}`);
    const stored = await s.store.getCase(c.id);
    expect(stored?.assignee?.id).toBe(winner.case.assignee?.id);
    expect(stored?.version).toBe(c.version + 1);
    // Only the winner's claim reached the user.
    expect(toPerson(await s.outbox.take(), people.anna.id)).toHaveLength(1);
  });

  it('tells a late claimer who has the case when it was claimed before they clicked', async () => {
    const c = await s.reportWifi();
    await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version });
    const late = await s.service.act(people.karen, { verb: 'claim', caseId: c.id, version: c.version });
    expect(late).toMatchObject({ ok: false, code: 'CASE.ALREADY_CLAIMED' });
    expect(late.reply?.text).toBe(
      `Jonas Vestergaard har allerede taget sag ${c.number}. Skal du overtage den, så vælg dig selv under Tildel.`,
    );
  });

  it('answers with the role refusal, not the holder, when a user clicks claim on a claimed case', async () => {
    const c = await s.reportWifi();
    await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version });
    const out = await s.service.act(people.anna, { verb: 'claim', caseId: c.id, version: c.version });
    expect(out).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
  });

  it("names the case's user in a role refusal to staff, not to somebody outside the case holding its card", async () => {
    const c = await s.reportWifi(people.anna);
    const outsider = await s.service.act(people.bo, { verb: 'refresh', caseId: c.id, version: c.version });
    expect(outsider).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
    expect(outsider.reply?.text).toContain('brugeren');
    expect(outsider.reply?.text).not.toContain('Anna');
    const staff = await s.service.act(people.thor, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    expect(staff).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
    expect(staff.reply?.text).toContain(people.anna.name);
  });

  it('refuses a claim on a stale card even when the case is still unassigned', async () => {
    const c = await s.reportWifi();
    await s.service.act(people.emma, {
      verb: 'note',
      caseId: c.id,
      version: c.version,
      text: 'x',
      visibility: 'internal',
    });
    const out = await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version });
    expect(out).toMatchObject({ ok: false, code: 'CASE.CONFLICT' });
    expect((await s.store.getCase(c.id))?.assignee).toBeUndefined();
  });
});
