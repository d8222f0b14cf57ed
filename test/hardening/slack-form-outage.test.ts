import { afterEach, describe, expect, it } from 'vitest';
import { TYPED_MAX } from '../../src/bot/slack/slack-failures.js';
import { slackTexts } from '../../src/bot/slack/slack-replies.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import { buildNewCase } from '../helpers/case-builder.js';
import { type FlakyStore, flakyStore } from '../helpers/flaky-store.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { ephemeralsTo, openCaseForm, quotedBack as quoted, submitCaseForm } from '../helpers/slack-case-form.js';
import { slackUsers } from '../helpers/slack-harness.js';

/**
 * A case form submitted on Slack (note, solution …) is acknowledged — its modal closes — before its action runs.
 * When the action then fails (here: the store does not answer), the answer quotes back what was typed, so that it
 * can be copied and sent again instead of typed again.
 */
const apps = appPerTest('hardening-slack-form-');
let flaky: FlakyStore;

afterEach(() => {
  if (flaky) flaky.down = false;
});

/** Jonas, an ARTS Support member on Slack, in English or (his Slack profile's locale) Danish. */
const start = (locale: 'en-GB' | 'da-DK') =>
  apps.start((dataDir) => {
    flaky = flakyStore(new SqliteCaseStore({ dataDir }));
    return {
      store: flaky.store,
      clock: new ManualClock('2025-03-03T09:00:00Z'),
      slackUsers: [slackUsers.bo, { ...slackUsers.jonas, locale }],
    };
  });

const artsCase = () =>
  buildNewCase({ categoryId: 'wifi-eduroam', groupId: 'arts-support', ownerGroupId: 'arts-support' });

/** Typed with what must not ping, link or format: a broadcast, a mention, a link, an entity, bold, a code fence. */
const NOTE =
  'Reinstalled the driver. <!channel> & <@U0BO>: do *not* touch <https://evil.example|this>\n' +
  '```\nrm -rf /\n```\n&lt;ok&gt;';

describe('a Slack case form whose action fails after its modal closed', () => {
  it('quotes the note back in English in the channel it came from, as typed and safely escaped', async () => {
    const app = await start('en-GB');
    const c = await app.app.services.store.createCase(artsCase());
    const modal = await openCaseForm(app, slackUsers.jonas, 'note', c, 'C0ARTSSUP');
    const noteLabel = modal.blocks.find((b) => b.block_id === 'note.text')?.label?.text;
    expect(noteLabel).toBeTruthy();

    const sendNote = () =>
      submitCaseForm(app, slackUsers.jonas, modal, { 'note.text': NOTE }, { 'note.visibility': 'internal' });
    flaky.down = true;
    const res = await sendNote();
    expect(res.status).toBe(200);
    const toJonas = () => ephemeralsTo(app, slackUsers.jonas, 'C0ARTSSUP');
    await expect.poll(() => toJonas().length, { timeout: 5000 }).toBe(1);
    const answer = toJonas()[0]!.body;
    const blocks = JSON.parse(answer['blocks'] as string) as { type: string; text?: { text: string } }[];
    // The notice as before, then the note exactly as typed, under its label, in a preformatted block (no mrkdwn).
    expect(blocks[0]?.text?.text).toBe(slackTexts.storeDown.en);
    expect(blocks[1]?.text?.text).toBe(slackTexts.typedBack.en);
    expect(quoted(blocks)).toEqual([{ label: noteLabel, text: NOTE }]);
    // Every mrkdwn text in the answer is escaped: no broadcast, mention or link Slack would act on.
    const text = answer['text'] as string;
    expect(text.startsWith(slackTexts.storeDown.en)).toBe(true);
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;@U0BO&gt;');
    expect(text).toContain('&amp;lt;ok&amp;gt;');
    for (const mrkdwn of [text, ...blocks.map((b) => b.text?.text ?? '')]) expect(mrkdwn).not.toMatch(/[<>]/);
    expect(app.slackCalls.filter((x) => x.method === 'chat.postMessage')).toHaveLength(0);
    expect(flaky.refused).toContain('updateCase');
    expect((await app.app.services.store.getCase(c.id))?.notes).toHaveLength(0);

    // Sent again once the store answers, the copied note is saved as it was typed.
    flaky.down = false;
    expect((await sendNote()).status).toBe(200);
    await expect
      .poll(async () => (await app.app.services.store.getCase(c.id))?.notes.at(-1)?.text, { timeout: 5000 })
      .toBe(NOTE);
  }, 30_000);

  it('quotes a solution back in Danish in the DM, cut (and saying so) when longer than it quotes', async () => {
    const app = await start('da-DK');
    const c = await app.app.services.store.createCase(artsCase());
    const modal = await openCaseForm(app, slackUsers.jonas, 'resolve', c, 'D0JONAS');
    const label = modal.blocks.find((b) => b.block_id === 'resolve.solution')?.label?.text;
    expect(label).toBe('Løsning (hvad hjalp)');

    flaky.down = true;
    const solution = `Genstartet <@U0BO> _ikke_ ${'x'.repeat(TYPED_MAX + 100)}`;
    expect((await submitCaseForm(app, slackUsers.jonas, modal, { 'resolve.solution': solution })).status).toBe(200);
    const toJonas = () =>
      app.slackCalls.filter((x) => x.method === 'chat.postMessage' && x.body['channel'] === 'D0JONAS');
    await expect.poll(() => toJonas().length, { timeout: 5000 }).toBe(1);
    const answer = toJonas()[0]!.body;
    const blocks = JSON.parse(answer['blocks'] as string) as { type: string; text?: { text: string } }[];
    expect(blocks[0]?.text?.text).toBe(slackTexts.storeDown.da);
    expect(blocks[1]?.text?.text).toBe(slackTexts.typedBack.da);
    const [quote] = quoted(blocks);
    expect(quote?.label).toBe(label);
    expect(quote?.text.startsWith('Genstartet <@U0BO> _ikke_ xxx')).toBe(true);
    expect(quote?.text.endsWith('x…')).toBe(true);
    expect(Array.from(quote!.text)).toHaveLength(TYPED_MAX);
    expect(quote?.cut).toBe(slackTexts.typedCut.da('2.499', '2.626'));
    expect(answer['text']).toContain('Genstartet &lt;@U0BO&gt; _ikke_');
    expect(answer['text']).not.toContain('<@U0BO>');
    expect((await app.app.services.store.getCase(c.id))?.status).toBe(c.status);
  }, 30_000);
});
