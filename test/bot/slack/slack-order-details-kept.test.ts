import { describe, expect, it } from 'vitest';
import { appPerTest } from '../../helpers/app-per-test.js';
import type { HardenedApp } from '../../helpers/hardening-app.js';
import { type MessageBlock, messageFormClick } from '../../helpers/slack-message-form.js';

const apps = appPerTest('slack-order-details-kept-');
/** A Slack user ordering in the bot's DM. */
const BO = { id: 'U0BO', name: 'Bo Nielsen', email: 'bo.nielsen@au.dk', locale: 'en-US' };
const BO_DM = 'D0BO';
const DOCK = 'qty.dock-thinkpad-usb-c';

type Block = MessageBlock & {
  element?: { type: string; action_id: string; initial_value?: string; initial_option?: { value: string } };
};

/** The bot's messages in Bo's DM. */
const posts = (app: HardenedApp) =>
  app.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === BO_DM);
/** The blocks of the latest message in the DM. */
const latest = (app: HardenedApp): Block[] => JSON.parse(posts(app).at(-1)?.body['blocks'] ?? '[]');
/** What the latest message's input `id` shows (typed text, or the chosen option's value). */
function shown(app: HardenedApp, id: string): string | undefined {
  const element = latest(app).find((b) => b.type === 'input' && b.element?.action_id === id)?.element;
  expect(element, `an input ${id}`).toBeDefined();
  return element?.initial_value ?? element?.initial_option?.value;
}
/** Bo's click on `button` under the latest message, having typed `typed`; the text of the message posted. */
async function clickIn(app: HardenedApp, button: string, typed: Record<string, string>): Promise<string> {
  const before = posts(app).length;
  const res = await app.slack(messageFormClick({ id: BO.id, name: BO.name }, BO_DM, latest(app), button, typed));
  expect(res.status).toBe(200);
  await expect.poll(() => posts(app).length, { timeout: 5_000 }).toBeGreaterThan(before);
  return JSON.stringify(posts(app).at(-1)?.body);
}

describe('Slack: the order details posted again after a refusal keep every valid field as typed', () => {
  it('keeps the cost centre, place and faculty when the person is not found, and when the place is too long', async () => {
    const app = await apps.start(() => ({ rateLimit: false, slackUsers: [BO] }));
    const res = await app.slack({
      kind: 'event',
      json: {
        type: 'event_callback',
        event_id: 'Ev1',
        team_id: 'T1',
        event: { type: 'message', channel_type: 'im', channel: BO_DM, user: BO.id, text: 'order', ts: 'Ev1.1' },
      },
    });
    expect(res.status).toBe(200);
    await expect.poll(() => posts(app).length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await clickIn(app, 'order_items', { [DOCK]: '1' })).toContain('Who is it for');

    // Nobody matches the person: refused, the query shown under its error; the rest stands as typed.
    const typed = { faculty: 'bss', deliveryLocation: 'Nobelparken 1453-110', costCentre: '87654321' };
    const refused = await clickIn(app, 'order_details', {
      forWhom: 'on_behalf',
      onBehalfOf: 'nobody.here@au.dk',
      ...typed,
    });
    expect(refused).toContain('Nobody in the directory matches');
    expect(shown(app, 'onBehalfOf')).toBe('nobody.here@au.dk');
    expect(shown(app, 'forWhom')).toBe('on_behalf');
    for (const [id, value] of Object.entries(typed)) expect(shown(app, id), id).toBe(value);

    // A place over 200 characters (an older form, no limit on it): shown empty; a new cost centre kept as typed.
    const longPlace = `Building 1481, room 235, ${'second floor, '.repeat(20)}by the window`;
    const tooLong = await clickIn(app, 'order_details', {
      forWhom: 'self',
      faculty: 'bss',
      deliveryLocation: longPlace,
      costCentre: '11223344',
    });
    expect(tooLong).toContain('At most 200 characters');
    expect(
      latest(app).find((b) => b.element?.action_id === 'deliveryLocation')?.element?.initial_value,
    ).toBeUndefined();
    expect(shown(app, 'costCentre')).toBe('11223344');

    // Next with the form as shown and a shorter place: the summary, with the cost centre typed with the refusal.
    const summary = await clickIn(app, 'order_details', {
      forWhom: 'self',
      faculty: 'bss',
      deliveryLocation: '1481-235',
      costCentre: shown(app, 'costCentre')!,
    });
    expect(summary).toContain('Your order');
    expect(summary).toContain('11223344');
  }, 60_000);
});
