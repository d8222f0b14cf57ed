import { describe, expect, it } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import { annasWifiCase, type HardenedApp } from '../helpers/hardening-app.js';
import { type SlackUserFixture, slackUsers } from '../helpers/slack-harness.js';
import { caseButtonClick, slashCommand } from '../helpers/slack-requests.js';
import { anActionInvoke, type TestUser } from '../helpers/teams-activities.js';

const apps = appPerTest('staff-add-not-theirs-');
/** Emma (ARTS Support) with Slack set to Danish. */
const EMMA_DA = { ...slackUsers.emma, locale: 'da-DK' };
/** Jonas (ARTS Support) in Teams. */
const JONAS_TEAMS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
const HOOK = 'https://hooks.slack.test/r/1';
/** A case id no case has, as a card from another installation, or forged, would carry. */
const GONE = '00000000-0000-4000-8000-000000000000';

/** What the app answered `/incident <text>` of `user` through its response URL. */
async function types(h: HardenedApp, user: SlackUserFixture, text: string): Promise<string> {
  const before = h.responses.length;
  const sent = await h.slack(slashCommand(user, text, { responseUrl: HOOK }));
  expect(sent.status).toBe(200);
  await expect.poll(() => h.responses.length).toBeGreaterThan(before);
  return String(h.responses[before]?.body['text']);
}

/** What the app answered `user`'s click on a Slack case card whose case id no case has. */
async function clicksGone(h: HardenedApp, user: SlackUserFixture): Promise<string> {
  const before = h.responses.length;
  const click = { verb: 'claim', caseId: GONE, version: 1 };
  const sent = await h.slack(caseButtonClick(user, click, { responseUrl: HOOK, team: 'T0AU' }));
  expect(sent.status).toBe(200);
  await expect.poll(() => h.responses.length).toBeGreaterThan(before);
  return JSON.stringify(h.responses.slice(before));
}

describe("staff's add on a case that is not theirs, and a click on a case no one has", () => {
  it('tells staff the case is not theirs to add to (or that no case has the number); a user as before', async () => {
    const h = await apps.start(() => ({
      rateLimit: false,
      slackUsers: [slackUsers.jonas, EMMA_DA, slackUsers.bo],
    }));
    const c = await annasWifiCase(h);
    expect(await types(h, slackUsers.jonas, `add ${c.number} Rebooted the access point`)).toBe(
      `${c.number} is not a case you reported, so nothing was added: "add" adds to your own reports. As support ` +
        `staff you write on a case from its card: write "status ${c.number}" and use "Add note".`,
    );
    expect(await types(h, EMMA_DA, `tilføj ${c.number} Genstartet`)).toBe(
      `${c.number} er ikke en sag, du selv har meldt, så intet blev tilføjet: "tilføj" tilføjer til dine egne ` +
        `henvendelser. Som supportmedarbejder skriver du på en sag fra dens kort: skriv "status ${c.number}", og brug ` +
        '"Tilføj note".',
    );
    expect(await types(h, EMMA_DA, 'tilføj INC-99 Genstartet')).toBe(
      'Jeg kan ikke finde sagen INC-000099. Tjek nummeret (fx INC-000123).',
    );
    const stored = await h.app.services.store.getCase(c.id);
    expect(stored?.notes).toEqual([]);
    expect(stored?.version).toBe(c.version);
    // A user is not told whether a case of someone else's has the number: Anna's or none at all.
    const users = 'Jeg kan ikke finde sagen INC-0000XX blandt dine sager. Tjek nummeret (fx INC-000123).';
    expect(await types(h, slackUsers.bo, `add ${c.number} Me too`)).toBe(users.replace('XX', '01'));
    expect(await types(h, slackUsers.bo, 'add INC-99 Me too')).toBe(users.replace('XX', '99'));
  });

  it('answers a click on a card whose case no one has without "check the number" (Slack, Teams)', async () => {
    const h = await apps.start(() => ({
      rateLimit: false,
      slackUsers: [slackUsers.jonas, slackUsers.bo],
      teamsEmails: { [JONAS_TEAMS.id]: 'jonas.vestergaard@au.dk' },
    }));
    await annasWifiCase(h);
    const staff = `I cannot find the case this card is about (${GONE}). Look the case up by its number, e.g. \\"status INC-000123\\".`;
    expect(await clicksGone(h, slackUsers.jonas)).toContain(staff);
    expect(await clicksGone(h, slackUsers.bo)).toContain(
      `Jeg kan ikke finde sagen, som kortet hører til (${GONE}). Dine sager ser du med \\"mit\\".`,
    );
    const teams = await h.teams(anActionInvoke(JONAS_TEAMS, { verb: 'claim', caseId: GONE, version: 1 }));
    expect(teams.status).toBe(200);
    expect(await teams.text()).toContain(staff);
  });
});
