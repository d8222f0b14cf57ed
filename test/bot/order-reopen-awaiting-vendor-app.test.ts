import { describe, expect, it } from 'vitest';
import type { CardAction } from '../../src/cards/card-actions.js';
import type { Case, Person } from '../../src/models/case.js';
import { ManualClock } from '../../src/services/clock.js';
import { appPerTest } from '../helpers/app-per-test.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { artsDetails, ORDER_VENDOR } from '../helpers/orders.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { caseButtonClick } from '../helpers/slack-requests.js';
import { ANNA, anActionInvoke } from '../helpers/teams-activities.js';

/**
 * An equipment order resolved while its vendor still has it, reopened by its user ("No, still a problem") through
 * the whole app: it is Awaiting vendor again (the status its order gives it), not In progress, and the purchasing
 * desk member who has it reads that, with the vendor, in their language.
 */
const apps = appPerTest('order-reopen-awaiting-vendor-');

const ANNA_TEAMS_EMAIL = 'anna.jensen@cas.au.dk';
/** ARTS Purchasing members on Slack (config/catalogue.yaml): Anders in English, Nanna in Danish. */
const ANDERS = { id: 'U0ANDERS', name: 'Anders Lykke', email: 'anders.lykke@au.dk', locale: 'en-GB' };
const NANNA = { id: 'U0NANNA', name: 'Nanna Ravn', email: 'nanna.ravn@au.dk', locale: 'da-DK' };
const annaInSlack: Person = { id: 'slack:U0ANNA', name: 'Anna Berg', email: slackUsers.anna.email, locale: 'en' };
const annaInTeams: Person = { id: `teams:${ANNA.aadObjectId}`, name: ANNA.name, email: ANNA_TEAMS_EMAIL, locale: 'en' };
const slackPerson = (u: typeof ANDERS): Person => ({ id: `slack:${u.id}`, name: u.name, email: u.email });

const start = () =>
  apps.start(() => ({
    // Before the vendor's date (`ORDER_VENDOR.expectedAt`).
    clock: new ManualClock('2025-03-03T09:00:00Z'),
    rateLimit: false,
    teamsEmails: { [ANNA.id]: ANNA_TEAMS_EMAIL },
    slackUsers: [slackUsers.anna, ANDERS, NANNA],
  }));

/** `desk`'s action on the case through the app's case actions (as the desk's card does); the case as stored. */
async function act(app: HardenedApp, desk: Person, action: CardAction): Promise<Case> {
  const out = await app.app.services.actions.act(desk, action);
  if (!out.ok) throw new Error(out.reply.text);
  return out.case;
}

/**
 * `user`'s 27" screen (no approval), ordered in the order form, ordered from Atea (`ORDER_VENDOR`) by `desk`, who then
 * resolves it while Atea still has it; the case as stored.
 */
async function resolvedWithVendor(app: HardenedApp, user: Person, desk: Person): Promise<Case> {
  const platform = user.id.startsWith('slack:') ? 'slack' : 'teams';
  const turn = (rest: Record<string, unknown>) =>
    app.app.services.orders.handle({ conversationKey: `chat:${user.id}`, person: user, platform, ...rest });
  await turn({ action: { verb: 'order_start' } });
  await turn({ action: { verb: 'order_items' }, values: { 'qty.screen-dell-p2725q': '1' } });
  await turn({ action: { verb: 'order_details' }, values: artsDetails() });
  const placed = (await turn({ action: { verb: 'order_confirm' } })).case;
  if (!placed) throw new Error('the order was not registered');
  const ordered = await act(app, desk, {
    verb: 'order_ordered',
    caseId: placed.id,
    version: placed.version,
    vendor: ORDER_VENDOR.name,
    reference: ORDER_VENDOR.reference,
    expectedAt: ORDER_VENDOR.expectedAt,
  } as CardAction);
  expect(ordered.status).toBe('awaiting_vendor');
  const resolved = await act(app, desk, {
    verb: 'resolve',
    caseId: ordered.id,
    version: ordered.version,
    solution: 'Ordered from Atea; it is on its way.',
  } as CardAction);
  expect(resolved.status).toBe('resolved');
  return resolved;
}

/** The texts posted to the Slack DM of `u` (the app opens `D<user id>`). */
const slackDmTexts = (app: HardenedApp, u: { id: string }) =>
  app.slackCalls
    .filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === `D${u.id}`)
    .map((c) => c.body['text'] ?? '');

describe('"No, still a problem" on an order its vendor still has', () => {
  it('Slack: is Awaiting vendor with Anders again, who reads "awaiting vendor … still with Atea (PO-4711)"', async () => {
    const app = await start();
    const c = await resolvedWithVendor(app, annaInSlack, slackPerson(ANDERS));
    const click = { verb: 'still_a_problem', caseId: c.id, version: c.resolvedVersion ?? c.version };
    expect((await app.slack(caseButtonClick(slackUsers.anna, click, { channel: 'DU0ANNA' }))).status).toBe(200);
    await expect.poll(async () => (await app.app.services.store.getCase(c.id))?.reopenCount).toBe(1);
    const stored = (await app.app.services.store.getCase(c.id))!;
    expect(stored).toMatchObject({ status: 'awaiting_vendor', vendor: ORDER_VENDOR });
    expect(stored.assignee?.id).toBe(`slack:${ANDERS.id}`);
    await expect
      .poll(() => slackDmTexts(app, ANDERS).join('\n'), { timeout: 10_000 })
      .toContain(
        `says case ${c.number} ("${c.title}") is still a problem. The case is reopened (awaiting vendor, reopen ` +
          'no. 1: the order is still with Atea (PO-4711)).',
      );
  }, 30_000);

  it('Teams: is Awaiting vendor with Nanna again, who reads it in Danish on Slack', async () => {
    const app = await start();
    const c = await resolvedWithVendor(app, annaInTeams, slackPerson(NANNA));
    const click = { verb: 'still_a_problem', caseId: c.id, version: c.resolvedVersion ?? c.version };
    const res = await app.teams(anActionInvoke(ANNA, click));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Case ${c.number} is reopened`);
    const stored = (await app.app.services.store.getCase(c.id))!;
    expect(stored).toMatchObject({ status: 'awaiting_vendor', vendor: ORDER_VENDOR, reopenCount: 1 });
    await expect
      .poll(() => slackDmTexts(app, NANNA).join('\n'), { timeout: 10_000 })
      .toContain(
        `siger, at sag ${c.number} ("${c.title}") stadig er et problem. Sagen er genåbnet (afventer leverandør, ` +
          'genåbning nr. 1: ordren er stadig hos Atea (PO-4711)).',
      );
  }, 30_000);
});
