import { describe, expect, it } from 'vitest';
import { slackTexts } from '../../src/bot/slack/slack-replies.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import { refusals } from '../../src/services/lifecycle/messages.js';
import { buildNewCase } from '../helpers/case-builder.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { emmaNotesMeanwhile } from '../helpers/hardening-app.js';
import { ephemeralsTo, openCaseForm, quotedBack as quoted, submitCaseForm } from '../helpers/slack-case-form.js';
import { slackUsers } from '../helpers/slack-harness.js';

/**
 * A case form submitted on Slack is acknowledged — its modal closes — before its action runs. When the action is
 * then refused (here: the card was stale, "changed meanwhile"), the refusal quotes back what was typed, as a
 * failure's answer does, so that it can be copied and sent again instead of typed again.
 */
const apps = appPerTest('hardening-slack-refused-');

/** Jonas, an ARTS Support member on Slack, in English. */
const start = () =>
  apps.start((dataDir) => ({
    store: new SqliteCaseStore({ dataDir }),
    clock: new ManualClock('2025-03-03T09:00:00Z'),
    slackUsers: [slackUsers.bo, slackUsers.jonas],
  }));

/** Typed with what must not ping, link or format: a broadcast, a mention, a link, an entity, bold. */
const SOLUTION = 'New eduroam profile. <!channel> & <@U0BO>: do *not* touch <https://evil.example|this> &lt;ok&gt;';

describe('a Slack case form refused after its modal closed', () => {
  it('quotes the solution of a Resolve refused as "changed meanwhile" back under the refusal, then the fresh card', async () => {
    const app = await start();
    const c = await app.app.services.store.createCase(
      buildNewCase({ categoryId: 'wifi-eduroam', groupId: 'arts-support', ownerGroupId: 'arts-support' }),
    );
    const modal = await openCaseForm(app, slackUsers.jonas, 'resolve', c, 'C0ARTSSUP');
    const label = modal.blocks.find((b) => b.block_id === 'resolve.solution')?.label?.text;
    expect(label).toBeTruthy();
    // Emma writes a note while Jonas types his solution: the modal's version is stale.
    await emmaNotesMeanwhile(app, c);

    expect((await submitCaseForm(app, slackUsers.jonas, modal, { 'resolve.solution': SOLUTION })).status).toBe(200);
    const toJonas = () => ephemeralsTo(app, slackUsers.jonas, 'C0ARTSSUP');
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
