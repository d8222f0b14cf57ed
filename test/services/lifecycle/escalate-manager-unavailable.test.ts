import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { buildServices, type Services, wifiInput } from '../../helpers/services.js';

/**
 * The escalation to the manager of the central dispatch's supervisor (nobody above her in the catalogue) while the
 * directory that could name her manager (Microsoft Graph) does not answer: refused with its own code,
 * `DIRECTORY.UNAVAILABLE` (an outage: the same click may work in a moment), not `CASE.INVALID_INPUT` (the click was
 * fine); the text says to try again in a moment, in her language, and nothing is recorded. Graph not allowing the bot
 * to read managers is not an outage and keeps its own text.
 */

describe('CaseService escalation to the manager while the directory does not answer', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  const lone: Person = { id: 'teams:lone', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk', locale: 'en' };
  /** A case of the central dispatch's (held and owned by AU IT Support), whose supervisor Lone is. */
  const atCentral = () =>
    s.register(wifiInput(people.anna, { answers: { faculty: 'other', what: 'drops', where: '1481' } }), people.anna);
  const toManager = (actor: Person, version: number, caseId: string) =>
    s.service.act(actor, {
      verb: 'escalate_manager',
      caseId,
      version,
      reasonCode: 'complaint',
      reason: 'User complained to the dean',
    });

  it.each([
    [
      'en',
      'cannot be escalated to your manager right now: the directory that says who your manager is could not be reached. Nothing was recorded. Please try again in a moment.',
    ],
    [
      'da',
      'kan ikke eskaleres til din leder lige nu: opslaget af, hvem din leder er, kunne ikke gennemføres (brugerkataloget kunne ikke nås). Intet er registreret. Prøv igen om et øjeblik.',
    ],
  ] as const)('is refused as DIRECTORY.UNAVAILABLE, saying to try again (%s)', async (locale, text) => {
    s.directory.managerOf = async (_id, told) => {
      told?.unanswered?.(false);
      return null;
    };
    const c = await atCentral();
    const out = await toManager({ ...lone, locale }, c.version, c.id);
    expect(out).toMatchObject({ ok: false, code: 'DIRECTORY.UNAVAILABLE' });
    expect(out.ok ? '' : out.reply.text).toBe(`${c.number} ${text}`);
    expect((await s.store.getCase(c.id))?.escalations).toEqual([]);
  });

  it('is not refused as unavailable when Graph does not allow the bot to read managers', async () => {
    s.directory.managerOf = async (_id, told) => {
      told?.unanswered?.(true);
      return null;
    };
    const c = await atCentral();
    const out = await toManager(lone, c.version, c.id);
    expect(out.ok ? undefined : out.code).not.toBe('DIRECTORY.UNAVAILABLE');
    expect(out.ok ? '' : out.reply.text).toContain('An administrator must fix');
  });
});
