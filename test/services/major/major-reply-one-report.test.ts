import { describe, expect, it } from 'vitest';
import type { Case, Person } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { okCase } from '../../helpers/services.js';
import { createMajorHarness, type MajorHarness } from './major-harness.js';

/** `actor` acts on the major incident `parent` as it is stored now; the reply's text. */
async function replyTo(h: MajorHarness, actor: Person, parent: Case, action: Record<string, unknown>): Promise<string> {
  const p = (await h.store.getCase(parent.id))!;
  const outcome = await h.service.act(actor, { ...action, caseId: p.id, version: p.version } as never);
  okCase(outcome);
  return outcome.reply?.text ?? '';
}

describe("the staff member's reply about a major incident's one linked report", () => {
  it('says one user and one case, in English and Danish, not "1 affected users" or "1 linked cases"', async () => {
    const h = await createMajorHarness();
    const parent = await h.declareEduroam();
    okCase(await h.majors.link(people.jonas, (await h.reportWifi(people.bo)).number, parent.number));
    const n = parent.number;

    const update = { verb: 'major_update', text: 'The controller is being replaced at 14:00.' };
    expect(await replyTo(h, people.jonas, parent, update)).toContain(
      `The update on ${n} goes personally to 1 affected user.`,
    );
    expect(await replyTo(h, people.emma, parent, update)).toContain(
      `Opdateringen om ${n} sendes personligt til 1 berørt bruger.`,
    );
    expect(
      await replyTo(h, people.emma, parent, { verb: 'resolve', solution: 'The controller was replaced.' }),
    ).toContain(`1 tilknyttet sag er løst sammen med ${n}; brugeren bliver bedt om at bekræfte.`);
  });

  it('says so in English for one report resolved with it, and counts several as before', async () => {
    const h = await createMajorHarness();
    const parent = await h.declareEduroam();
    okCase(await h.majors.link(people.jonas, (await h.reportWifi(people.bo)).number, parent.number));
    const resolve = { verb: 'resolve', solution: 'The controller was replaced.' };
    expect(await replyTo(h, people.jonas, parent, resolve)).toContain(
      `1 linked case was resolved with ${parent.number}; its user is asked to confirm.`,
    );

    const other = await h.declareEduroam();
    for (const who of [people.bo, people.carl]) {
      okCase(await h.majors.link(people.jonas, (await h.reportWifi(who)).number, other.number));
    }
    const update = { verb: 'major_update', text: 'Still working on it.' };
    expect(await replyTo(h, people.jonas, other, update)).toContain(
      `The update on ${other.number} goes personally to 2 affected users.`,
    );
    expect(await replyTo(h, people.jonas, other, resolve)).toContain(
      `2 linked cases were resolved with ${other.number}; each user is asked to confirm.`,
    );
  });
});
