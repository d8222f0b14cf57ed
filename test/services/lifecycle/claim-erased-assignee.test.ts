import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { AVAILABLE } from '../../../src/services/lifecycle/permissions.js';
import { people } from '../../helpers/people.js';
import { privacyFor } from '../../helpers/privacy.js';
import { buildServices, okCase, type Services, threadTexts, toPerson } from '../../helpers/services.js';

/**
 * A case whose assignee's data was erased on request holds an "Erased person" placeholder nobody reads: a colleague
 * takes it over with Claim, as a case nobody has, instead of being told "Erased person already has case …".
 */
describe('Claim on a case held by an erased person', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;

  async function erasedHolder(): Promise<Case> {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    expect((await privacyFor(s).erasePerson(people.birgitte, people.jonas.email!)).ok).toBe(true);
    await s.outbox.take();
    const after = await fresh(c);
    expect(after.assignee?.id).toMatch(/^anonymous:/);
    return after;
  }

  it('offers Claim and lets a colleague take the case over, telling the user who has it now', async () => {
    const c = await erasedHolder();
    expect(AVAILABLE.claim(c)).toBe(true);
    const taken = okCase(await s.service.act(people.emma, { verb: 'claim', caseId: c.id, version: c.version }));
    expect(taken.assignee?.id).toBe(people.emma.id);
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.anna.id).map((v) => v.text)).toEqual([expect.stringContaining('Emma Skov')]);
    expect(threadTexts(sent).join('\n')).toContain('Emma Skov');
    expect(AVAILABLE.claim(taken)).toBe(false);
  });

  it('lets only one of two colleagues claiming from the same card have it; the other is told who has it', async () => {
    const c = await erasedHolder();
    okCase(await s.service.act(people.emma, { verb: 'claim', caseId: c.id, version: c.version }));
    const second = await s.service.act(people.karen, { verb: 'claim', caseId: c.id, version: c.version });
    expect(second.ok).toBe(false);
    expect(second.reply?.text).toContain('Emma Skov');
    expect((await fresh(c)).assignee?.id).toBe(people.emma.id);
  });

  it("tells the group, not the placeholder, of the user's addition, and names the group to the user", async () => {
    const c = await erasedHolder();
    const reply = await s.service.userComment(people.anna, c.number, 'It drops in room 235 too');
    // Not "Erased person has been told": nobody reads the placeholder, the group has it in the thread.
    expect(reply.text).toBe(`Thank you! It is added to case ${c.number}, and ARTS Support has been told.`);
    const sent = await s.outbox.take();
    expect(sent.filter((d) => d.kind === 'send_person')).toEqual([]);
    expect(threadTexts(sent)).toEqual(['Anna Berg har tilføjet til sagen:\n\nIt drops in room 235 too']);
  });
});
