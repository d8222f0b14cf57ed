import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { appPerTest } from '../../helpers/app-per-test.js';
import { buildDispatchCase } from '../../helpers/case-builder.js';
import type { HardenedApp } from '../../helpers/hardening-app.js';
import { caseButtonClick, modalSubmission, slackDm } from '../../helpers/slack-requests.js';

/**
 * Slack: the escalation modal of the central dispatch's supervisor (nobody above her in the catalogue) asks
 * "Escalate to" (a group or the manager) only when her manager in MANAGERS_FILE can be reached on a platform;
 * "the manager" chosen in a modal opened before that changed is answered saying whom the bot cannot reach.
 */

const apps = appPerTest('slack-escalate-manager-offered-');

/** The central dispatch's supervisor (config/catalogue.yaml): nobody in the catalogue is above her. */
const LONE = { id: 'U0LONE', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk', locale: 'en-GB' };
/** Lone's manager in the managers file. */
const HELLE = { id: 'U0HELLE', name: 'Helle Vestergaard', email: 'helle.vestergaard@au.dk', locale: 'da-DK' };
/** The central dispatch's Slack channel (config/catalogue.yaml). */
const CHANNEL = 'C0ITSUP';

/** The app on Slack with a managers file naming `manager` as Lone's. */
async function start(manager: string): Promise<HardenedApp> {
  const dataDir = await apps.dirs.make();
  const file = path.join(dataDir, 'managers.csv');
  await writeFile(file, `email;manager\nlone.bech@au.dk;${manager}\n`);
  return apps.start(() => ({ rateLimit: false, slackUsers: [LONE, HELLE], env: { MANAGERS_FILE: file } }), dataDir);
}

/** Helle writes to the bot in her DM; Slack then knows her to the bot by her e-mail. */
async function helleWrites(app: HardenedApp): Promise<void> {
  expect((await app.slack(slackDm('Ev-helle', HELLE, 'hej'))).status).toBe(200);
  await expect
    .poll(async () => (await app.app.services.directory.search(HELLE.email, 1)).map((p) => p.id), { timeout: 5000 })
    .toEqual([`slack:${HELLE.id}`]);
}

/** A VPN case held and owned by the central dispatch (it-support). */
function dispatchCase(app: HardenedApp): Promise<Case> {
  return app.app.services.store.createCase(
    buildDispatchCase({ user: { id: 'slack:U0ANNA', name: 'Anna Berg', email: 'anna.berg@cas.au.dk', locale: 'en' } }),
  );
}

interface Modal {
  id: string;
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; block_id?: string; element?: { action_id: string } }[];
}

/** The escalation modal Lone's Escalate button opens. */
async function loneModal(app: HardenedApp, c: Case): Promise<Modal> {
  const before = app.slackCalls.length;
  const click = { verb: 'open_form', form: 'escalate', caseId: c.id, version: c.version };
  expect((await app.slack(caseButtonClick(LONE, click, { channel: CHANNEL }))).status).toBe(200);
  const opened = () => app.slackCalls.slice(before).find((x) => x.method === 'views.open');
  await expect.poll(() => opened(), { timeout: 5000 }).toBeDefined();
  return { id: 'V0ESC', ...JSON.parse(opened()!.body['view']!) } as Modal;
}

const asksKind = (modal: Modal): boolean => modal.blocks.some((b) => b.block_id === 'escalate_to');

describe('slack: "the manager" in the escalation modal of a supervisor with nobody above her', () => {
  it("is asked only once the bot can reach the file's manager of hers; a stale modal's choice is answered", async () => {
    const app = await start(HELLE.email);
    const c = await dispatchCase(app);
    // Helle has never written to the bot, and Slack does not give her by e-mail: a group only.
    expect(asksKind(await loneModal(app, c))).toBe(false);

    await helleWrites(app);
    const modal = await loneModal(app, c);
    expect(asksKind(modal)).toBe(true);

    // The managers file now names someone the bot cannot reach; Lone submits the modal she opened before.
    await writeFile(app.app.services.config.managersFile!, 'email;manager\nlone.bech@au.dk;jens.holm@au.dk\n');
    const values: Record<string, Record<string, unknown>> = {};
    for (const b of modal.blocks) {
      if (b.type !== 'input' || !b.block_id || !b.element) continue;
      const id = b.element.action_id;
      if (b.block_id === 'escalate_to') values[b.block_id] = { [id]: { selected_option: { value: 'hierarchical' } } };
      else if (b.block_id.endsWith('reasonCode'))
        values[b.block_id] = { [id]: { selected_option: { value: 'complaint' } } };
      else if (b.block_id.endsWith('reason')) values[b.block_id] = { [id]: { value: 'The user has complained twice' } };
    }
    const before = app.slackCalls.length;
    const res = await app.slack(
      modalSubmission(
        LONE,
        { id: modal.id, callbackId: modal.callback_id, privateMetadata: modal.private_metadata },
        values,
      ),
    );
    expect(res.status).toBe(200);
    const told = () =>
      app.slackCalls
        .slice(before)
        .map((x) => JSON.stringify(x.body))
        .join('\n');
    await expect
      .poll(told, { timeout: 5000 })
      .toContain('cannot be escalated to your manager yet: the managers file names jens.holm@au.dk');
    expect((await app.app.services.store.getCase(c.id))?.escalations).toEqual([]);
  });
});
