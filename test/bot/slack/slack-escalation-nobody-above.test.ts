import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { appPerTest } from '../../helpers/app-per-test.js';
import { buildDispatchCase } from '../../helpers/case-builder.js';
import type { HardenedApp } from '../../helpers/hardening-app.js';
import { caseButtonClick, slackDm } from '../../helpers/slack-requests.js';

/**
 * Slack: the escalation modal of a supervisor with nobody above her (the central dispatch's supervisor, no manager
 * of hers in MANAGERS_FILE) escalates to a group only: it does not ask "Escalate to" (a group or the manager), and
 * it needs the group. With a manager of hers in the file, it asks as before.
 */

const apps = appPerTest('slack-escalation-nobody-above-');

/** The central dispatch's supervisor (config/catalogue.yaml): nobody in the catalogue is above her. */
const LONE = { id: 'U0LONE', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk', locale: 'en-GB' };
/** Lone's manager in the managers file. */
const HELLE = { id: 'U0HELLE', name: 'Helle Vestergaard', email: 'helle.vestergaard@au.dk', locale: 'da-DK' };
/** The central dispatch's Slack channel (config/catalogue.yaml). */
const CHANNEL = 'C0ITSUP';

/** The app on Slack with a managers file of `rows` ("person;manager"). */
async function start(rows: string[]): Promise<HardenedApp> {
  const dataDir = await apps.dirs.make();
  const file = path.join(dataDir, 'managers.csv');
  await writeFile(file, ['email;manager', ...rows, ''].join('\n'));
  return apps.start(() => ({ rateLimit: false, slackUsers: [LONE, HELLE], env: { MANAGERS_FILE: file } }), dataDir);
}

/** A VPN case held and owned by the central dispatch (it-support). */
function dispatchCase(app: HardenedApp): Promise<Case> {
  return app.app.services.store.createCase(
    buildDispatchCase({ user: { id: 'slack:U0ANNA', name: 'Anna Berg', email: 'anna.berg@cas.au.dk', locale: 'en' } }),
  );
}

/** What Lone's escalation modal from the card's Escalate button asks: its blocks by id, and whether each is optional. */
async function loneModal(app: HardenedApp, c: Case): Promise<Record<string, boolean>> {
  const before = app.slackCalls.length;
  const click = { verb: 'open_form', form: 'escalate', caseId: c.id, version: c.version };
  expect((await app.slack(caseButtonClick(LONE, click, { channel: CHANNEL }))).status).toBe(200);
  const opened = () => app.slackCalls.slice(before).find((x) => x.method === 'views.open');
  await expect.poll(() => opened(), { timeout: 5000 }).toBeDefined();
  const modal = JSON.parse(opened()!.body['view']!) as {
    blocks: { type: string; block_id?: string; optional?: boolean }[];
  };
  const blocks = modal.blocks;
  return Object.fromEntries(
    blocks.filter((b) => b.type === 'input' && b.block_id).map((b) => [b.block_id!, b.optional === true]),
  );
}

describe('slack escalation modal of a supervisor with nobody above her', () => {
  it('asks for a group only, needed, when the managers file names no manager of hers', async () => {
    const app = await start(['anna.berg@cas.au.dk;lise.damgaard@cas.au.dk']);
    const blocks = await loneModal(app, await dispatchCase(app));
    expect(blocks).not.toHaveProperty('escalate_to');
    expect(Object.keys(blocks).some((id) => id.endsWith('reasonCode'))).toBe(false);
    const group = Object.entries(blocks).find(([id]) => id.endsWith('groupId'));
    expect(group).toEqual([expect.any(String), false]);
  });

  it('asks "Escalate to" as before when the file names her manager, whom the bot reaches', async () => {
    const app = await start(['lone.bech@au.dk;helle.vestergaard@au.dk']);
    // Helle writes to the bot: Slack then knows her to it by her e-mail.
    expect((await app.slack(slackDm('Ev-helle', HELLE, 'hej'))).status).toBe(200);
    await expect
      .poll(async () => (await app.app.services.directory.search(HELLE.email, 1)).length, { timeout: 5000 })
      .toBe(1);
    const blocks = await loneModal(app, await dispatchCase(app));
    expect(blocks).toHaveProperty('escalate_to', false);
    expect(Object.keys(blocks).some((id) => id.endsWith('reasonCode'))).toBe(true);
  });
});
