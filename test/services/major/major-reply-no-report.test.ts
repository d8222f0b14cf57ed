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

describe("the staff member's reply about a major incident with no linked report yet", () => {
  it('says the update went to nobody and no case was resolved with it, not "0 affected users" (EN, DA)', async () => {
    const h = await createMajorHarness();
    const parent = await h.declareEduroam();
    const n = parent.number;
    const update = { verb: 'major_update', text: 'The controller is being replaced at 14:00.' };
    const en = await replyTo(h, people.jonas, parent, update);
    expect(en).toContain(`The update on ${n} goes to nobody personally: no other affected user is linked to it.`);
    expect(en).not.toContain('0 affected users');
    expect(await replyTo(h, people.emma, parent, update)).toContain(
      `Opdateringen om ${n} sendes ikke personligt til nogen: ingen anden berørt bruger er knyttet til den.`,
    );
    const resolved = await replyTo(h, people.emma, parent, { verb: 'resolve', solution: 'Replaced.' });
    expect(resolved).toContain(`Ingen tilknyttet sag var åben, så ingen er løst sammen med ${n}.`);
    expect(resolved).not.toContain('hver bruger');
  });
});
