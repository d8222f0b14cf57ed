import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { slackTexts } from '../../src/bot/slack/slack-replies.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import { refusals } from '../../src/services/lifecycle/messages.js';
import { buildNewCase } from '../helpers/case-builder.js';
import { type HardenedApp, startHardenedApp } from '../helpers/hardening-app.js';
import { loopbackOnly } from '../helpers/loopback-only.js';
import { people } from '../helpers/people.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { caseButtonClick, modalSubmission } from '../helpers/slack-requests.js';
import { tempDirs } from '../helpers/temp-dir.js';

/**
 * A case form submitted on Slack is acknowledged — its modal closes — before its action runs. When the action is
 * then refused (here: the card was stale, "changed meanwhile"), the refusal quotes back what was typed, as a
 * failure's answer does, so that it can be copied and sent again instead of typed again.
 */
const dirs = tempDirs('hardening-slack-refused-');
let h: HardenedApp | undefined;

loopbackOnly();
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
afterAll(async () => {
  await dirs.cleanup();
});

/** Jonas, an ARTS Support member on Slack, in English. */
async function start(): Promise<HardenedApp> {
  const dataDir = await dirs.make();
  h = await startHardenedApp({
    dataDir,
    store: new SqliteCaseStore({ dataDir }),
    clock: new ManualClock('2025-03-03T09:00:00Z'),
    slackUsers: [slackUsers.bo, slackUsers.jonas],
  });
  return h;
}

interface OpenedModal {
  private_metadata: string;
  blocks: { type: string; block_id?: string; label?: { text: string } }[];
}

/** Clicks a case card's form button (in `channel`) and gives the modal Slack was asked to open. */
async function openForm(app: HardenedApp, verb: string, caseId: string, version: number, channel: string) {
  const before = app.slackCalls.length;
  const res = await app.slack(caseButtonClick(slackUsers.jonas, { verb, caseId, version }, { channel }));
  expect(res.status).toBe(200);
  const opened = () => app.slackCalls.slice(before).find((c) => c.method === 'views.open');
  await expect.poll(() => opened(), { timeout: 5000 }).toBeDefined();
  return JSON.parse(opened()!.body['view'] as string) as OpenedModal;
}

/** The opened modal submitted with `typed` in its text inputs (by block id), as Slack sends it: blocks and all. */
function submit(app: HardenedApp, modal: OpenedModal, typed: Record<string, string>) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const [id, value] of Object.entries(typed)) values[id] = { [id]: { type: 'plain_text_input', value } };
  const body = modalSubmission(
    slackUsers.jonas,
    { id: 'V0FORM', callbackId: 'case_form', privateMetadata: modal.private_metadata },
    values,
  );
  (body as unknown as { payload: { view: Record<string, unknown> } }).payload.view['blocks'] = modal.blocks;
  return app.slack(body);
}

/** The rich text blocks of an answer: label, then the text as typed (preformatted). */
function quoted(blocks: unknown[]): { label: string; text: string }[] {
  type Rich = { type: string; elements: { type: string; elements: { text: string }[] }[] };
  return (blocks as Rich[])
    .filter((b) => b.type === 'rich_text')
    .map((b) => {
      const [label, pre] = b.elements;
      expect(pre?.type).toBe('rich_text_preformatted');
      return { label: label!.elements[0]!.text, text: pre!.elements.map((e) => e.text).join('') };
    });
}

/** Typed with what must not ping, link or format: a broadcast, a mention, a link, an entity, bold. */
const SOLUTION = 'New eduroam profile. <!channel> & <@U0BO>: do *not* touch <https://evil.example|this> &lt;ok&gt;';

describe('a Slack case form refused after its modal closed', () => {
  it('quotes the solution of a Resolve refused as "changed meanwhile" back under the refusal, then the fresh card', async () => {
    const app = await start();
    const c = await app.app.services.store.createCase(
      buildNewCase({ categoryId: 'wifi-eduroam', groupId: 'arts-support', ownerGroupId: 'arts-support' }),
    );
    const modal = await openForm(app, 'resolve', c.id, c.version, 'C0ARTSSUP');
    const label = modal.blocks.find((b) => b.block_id === 'resolve.solution')?.label?.text;
    expect(label).toBeTruthy();
    // Emma writes a note while Jonas types his solution: the modal's version is stale.
    const noted = await app.app.services.actions.act(people.emma, {
      verb: 'note',
      caseId: c.id,
      version: c.version,
      text: 'Checked the access point',
      visibility: 'internal',
    });
    expect(noted.ok).toBe(true);

    expect((await submit(app, modal, { 'resolve.solution': SOLUTION })).status).toBe(200);
    const toJonas = () =>
      app.slackCalls.filter(
        (x) =>
          x.method === 'chat.postEphemeral' &&
          x.body['channel'] === 'C0ARTSSUP' &&
          x.body['user'] === slackUsers.jonas.id,
      );
    await expect.poll(() => toJonas().length, { timeout: 5000 }).toBe(2);
    const [refusal, card] = toJonas().map((x) => x.body);
    const blocks = JSON.parse(refusal!['blocks'] as string) as { type: string; text?: { text: string } }[];
    // The refusal, then the solution exactly as typed, under its label, in a preformatted block (no mrkdwn).
    const refused = refusals.conflict.en({ number: c.number, name: 'Emma Skov' });
    expect(blocks[0]?.text?.text).toBe(refused);
    expect(blocks[1]?.text?.text).toBe(slackTexts.typedBack.en);
    expect(quoted(blocks)).toEqual([{ label, text: SOLUTION }]);
    // Every mrkdwn text is escaped: no broadcast, mention or link Slack would act on.
    const text = refusal!['text'] as string;
    expect(text.startsWith(refused)).toBe(true);
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;@U0BO&gt;');
    expect(text).toContain('&amp;lt;ok&amp;gt;');
    for (const mrkdwn of [text, ...blocks.map((b) => b.text?.text ?? '')]) expect(mrkdwn).not.toMatch(/[<>]/);
    // The fresh card follows, its buttons at the new version, to resolve again from.
    expect(String(card!['blocks'])).toContain(c.number);
    expect(String(card!['blocks'])).toContain(`\\"version\\":${c.version + 1}`);
    // Nothing was submitted again.
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe(c.status);
    expect(stored?.version).toBe(c.version + 1);
  }, 30_000);
});
