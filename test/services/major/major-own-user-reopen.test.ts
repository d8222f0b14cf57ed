import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people } from '../../helpers/people.js';
import { okCase } from '../../helpers/services.js';
import { createMajorHarness, type MajorHarness } from './major-harness.js';

describe("a major incident's own user reopening it", () => {
  let h: MajorHarness;
  beforeEach(async () => {
    h = await createMajorHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('gets only her own reply, not the count of linked users staff get', async () => {
    const parent = await h.declareEduroam();
    await h.buildReports(3, parent.id);
    const p = (await h.store.getCase(parent.id))!;
    okCase(
      await h.service.act(people.jonas, { verb: 'resolve', caseId: p.id, version: p.version, solution: 'Restarted' }),
    );
    await h.outbox.take();
    const resolved = (await h.store.getCase(parent.id))!;
    const outcome = await h.service.act(people.anna, {
      verb: 'still_a_problem',
      caseId: resolved.id,
      version: resolved.version,
    });
    const reopened = okCase(outcome);
    expect(reopened.status).not.toBe('resolved');
    expect(outcome.reply?.text).toBeTruthy();
    expect(outcome.reply?.text).not.toMatch(/berørte brugere|affected users/);
    expect(outcome.reply?.text).not.toMatch(/\b3\b/);
  });
});
