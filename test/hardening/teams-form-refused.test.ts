import { describe, expect, it } from 'vitest';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import type { Case, Person } from '../../src/models/case.js';
import { refusals } from '../../src/services/lifecycle/messages.js';
import { ManualClock } from '../../src/services/clock.js';
import { buildNewCase } from '../helpers/case-builder.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { emmaNotesMeanwhile, type HardenedApp } from '../helpers/hardening-app.js';
import { ANNA, anActionInvoke, type TestUser } from '../helpers/teams-activities.js';

/**
 * A case form submitted on a Teams card and refused (not failed): the fresh card that answers the refusal keeps
 * what was typed into the form, so the solution is not lost with the card it was typed into.
 */
const apps = appPerTest('teams-form-refused-');
/** An ARTS Support member on Teams (the fake member look-up gives his e-mail). */
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
const JONAS_PERSON: Person = { id: 'teams:aad-jonas', name: JONAS.name, email: 'jonas.vestergaard@au.dk' };
const ANNA_PERSON: Person = { id: 'teams:aad-anna', name: ANNA.name, email: 'anna.jensen@au.dk', locale: 'en' };
const start = () =>
  apps.start((dataDir) => ({
    store: new SqliteCaseStore({ dataDir }),
    clock: new ManualClock('2025-03-03T09:00:00Z'),
    rateLimit: false,
    teamsEmails: { [JONAS.id]: 'jonas.vestergaard@au.dk' },
  }));

/** An ARTS Support case of Anna's that Jonas has claimed. */
async function claimedCase(app: HardenedApp): Promise<Case> {
  const c = await app.app.services.store.createCase(
    buildNewCase({
      categoryId: 'wifi-eduroam',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      locale: 'en',
      user: ANNA_PERSON,
    }),
  );
  const out = await app.app.services.actions.act(JONAS_PERSON, { verb: 'claim', caseId: c.id, version: c.version });
  if (!out.ok) throw new Error(out.reply.text);
  return out.case;
}

/** The card an invoke was answered with. */
async function answered(res: Response): Promise<Record<string, unknown>> {
  expect(res.status).toBe(200);
  const body = (await res.json()) as { type?: string; value?: Record<string, unknown> };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value ?? {};
}

/** The inputs of the card (`id`), in its forms and sub-forms too: id to value. */
function inputsOf(card: unknown): Map<string, unknown> {
  const found = new Map<string, unknown>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o['type'] === 'string' && o['type'].startsWith('Input.') && typeof o['id'] === 'string')
        found.set(o['id'], o['value']);
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(card);
  return found;
}

/** Typed with what must not turn into anything: a broadcast, a mention, markdown. */
const SOLUTION = 'New eduroam profile installed <!channel> <at>Anna</at> **bold** [x](https://evil.example)';

describe('Teams: a case form refused after it was typed', () => {
  it('answers a Resolve with a stale version with the fresh card, its resolve form holding the typed solution', async () => {
    const app = await start();
    const c = await claimedCase(app);
    // Emma writes a note while Jonas types his solution into the card he has (version c.version).
    await emmaNotesMeanwhile(app, c);

    const card = await answered(
      await app.teams(
        anActionInvoke(
          JONAS,
          { verb: 'resolve', caseId: c.id, version: c.version, 'resolve.solution': SOLUTION },
          'channel',
        ),
      ),
    );
    const text = JSON.stringify(card);
    expect(text).toContain(JSON.stringify(refusals.conflict.en({ number: c.number, name: 'Emma Skov' })).slice(1, -1));
    // The fresh card (its buttons carry the new version), the solution still in its resolve form to send again.
    const inputs = inputsOf(card);
    expect(inputs.get('resolve.solution')).toBe(SOLUTION);
    // Only the form it was typed into: the note form stays empty.
    expect(inputs.has('note.text')).toBe(true);
    expect(inputs.get('note.text') ?? '').toBe('');
    expect(text).toContain(`"version":${c.version + 1}`);
    // Nothing was submitted again: the case is not resolved.
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe(c.status);
    expect(stored?.version).toBe(c.version + 1);
  }, 30_000);
});
