import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CaseStore } from '../../src/models/case-store.js';
import { AppError } from '../../src/models/errors.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import { orderMessages } from '../../src/services/orders/order-messages.js';
import { type FlakyStore, flakyStore } from '../helpers/flaky-store.js';
import { type HardenedApp, startHardenedApp } from '../helpers/hardening-app.js';
import { loopbackOnly } from '../helpers/loopback-only.js';
import { type MessageBlock, messageFormClick } from '../helpers/slack-message-form.js';
import { ANNA, aPersonalMessage, anActionInvoke } from '../helpers/teams-activities.js';
import { tempDirs } from '../helpers/temp-dir.js';

const dirs = tempDirs('teams-order-outage-');
const DETAILS = { forWhom: 'self', faculty: 'arts', deliveryLocation: 'Nobelparken 1481-235', costCentre: '12345678' };
const DOCK = 'qty.dock-thinkpad-usb-c';
/** A Slack button's value takes this many characters. */
const SLACK_BUTTON_VALUE = 2000;
/** A special item described at the form's limits (1000 characters each): more than a Slack button carries. */
const LONG_SPECIAL = {
  [DOCK]: '1',
  special:
    `Ergonomic left-handed vertical mouse, wireless. ${'Size M, grey, with the USB receiver. '.repeat(25)}`.slice(
      0,
      1000,
    ),
  justification:
    `Tendinitis in the right hand (doctor's note). ${'Needed for daily work at the desk. '.repeat(30)}`.slice(0, 1000),
  specialQuantity: '1',
};

let h: HardenedApp | undefined;
let flaky: FlakyStore | undefined;
/** While set, the store's `deleteConversation` fails as an unavailable store does (every other call works). */
let deleteDown = false;

loopbackOnly();
afterEach(async () => {
  if (flaky) {
    flaky.down = false;
    flaky.readsToo = false;
  }
  deleteDown = false;
  await h?.stop();
  h = undefined;
});
afterAll(async () => {
  await dirs.cleanup();
});

/** A Slack user ordering in the bot's DM, with a Danish client. */
const BO = { id: 'U0BO', name: 'Bo Nielsen', email: 'bo.nielsen@au.dk', locale: 'da-DK' };
const BO_DM = 'D0BO';

async function start(): Promise<HardenedApp> {
  const dataDir = await dirs.make();
  flaky = flakyStore(new SqliteCaseStore({ dataDir }));
  const inner = flaky.store;
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        prop === 'deleteConversation' && deleteDown
          ? Promise.reject(new AppError('STORE.UNAVAILABLE', 'store down (test): deleteConversation'))
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  }) as CaseStore;
  h = await startHardenedApp({
    dataDir,
    store,
    clock: new ManualClock('2025-03-03T09:00:00Z'),
    rateLimit: false,
    teamsEmails: { [ANNA.id]: 'anna.jensen@au.dk', [JONAS.id]: 'jonas.vestergaard@au.dk' },
    slackUsers: [BO],
  });
  return h;
}

type Card = Record<string, unknown>;

/** ARTS Support (1st level) in the shipped catalogue: staff, who may start case templates. */
const JONAS = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };

/** Anna's Action.Execute click in her chat with the bot (Danish client when `da`); the card it answers with. */
async function click(app: HardenedApp, data: Record<string, unknown>, da = false): Promise<Card> {
  const res = await app.teams({ ...anActionInvoke(ANNA, data), ...(da ? { locale: 'da-DK' } : {}) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { type?: string; value?: Card };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value ?? {};
}

/** The data of the card's button `verb` (wherever on the card), as Teams sends it back when it is clicked. */
function button(card: Card, verb: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  JSON.stringify(card, (_key, value: unknown) => {
    const a = value as { type?: unknown; verb?: unknown; data?: Record<string, unknown> } | null;
    if (!found && a && a.type === 'Action.Execute' && a.verb === verb) found = a.data;
    return value;
  });
  expect(found, `a ${verb} button`).toBeDefined();
  return found!;
}

/** The value an input of the card shows (`id`); undefined without such an input. */
function inputValue(card: unknown, id: string): unknown {
  let found: unknown;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o['type'] === 'string' && o['type'].startsWith('Input.') && o['id'] === id) found = o['value'];
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(card);
  return found;
}

describe('Teams: the order form while the store is unavailable', () => {
  it('keeps the form and what was typed, says so, and sends the order once when the same buttons are pressed again', async () => {
    const app = await start();
    await click(app, { verb: 'order_start' });
    const details = await click(app, { verb: 'order_items', [DOCK]: '1' });
    const next = button(details, 'order_details');

    // Next on the details step while the store takes no writes: the details form again, filled in, with the notice.
    flaky!.down = true;
    const kept = await click(app, { ...next, ...DETAILS });
    const keptText = JSON.stringify(kept);
    expect(keptText).toContain(orderMessages.en.storeDownStep.slice(0, 60));
    for (const [id, value] of Object.entries(DETAILS)) expect(inputValue(kept, id), id).toBe(value);
    expect(button(kept, 'order_details')).toEqual(next);
    expect(button(kept, 'order_back')['draft']).toBe(next['draft']);
    expect(flaky!.refused).toContain('saveConversation');

    // The store is back: the same Next with what the form holds goes on to the summary.
    flaky!.down = false;
    const summary = await click(app, { ...button(kept, 'order_details'), ...DETAILS });
    expect(JSON.stringify(summary)).toContain(orderMessages.en.summaryTitle);
    const send = button(summary, 'order_confirm');

    // "Send order" while the store takes no writes: nothing is registered; the summary stays, "Send order" on it.
    flaky!.down = true;
    const notSent = await click(app, send);
    expect(JSON.stringify(notSent)).toContain(orderMessages.en.storeDownSend.slice(0, 60));
    expect(JSON.stringify(notSent)).toContain('Nobelparken 1481-235');
    expect(button(notSent, 'order_confirm')).toEqual(send);
    expect(flaky!.refused).toContain('createCase');
    flaky!.down = false;
    expect(await app.app.services.store.countCases({})).toBe(0);

    // Pressed again once the store is back: one order, and a second press changes nothing.
    const sent = await click(app, button(notSent, 'order_confirm'));
    expect(JSON.stringify(sent)).toContain('Order SR-000001 is registered');
    await click(app, send);
    const cases = await app.app.services.store.findCases({});
    expect(cases.map((c) => c.number)).toEqual(['SR-000001']);
    expect(cases[0]!.answers['where']).toBe('Nobelparken 1481-235');
  }, 60_000);

  it('keeps the items and the special item typed on a Danish client, and says so in Danish', async () => {
    const app = await start();
    const items = await click(app, { verb: 'order_start' }, true);
    const typed = {
      [DOCK]: '2',
      special: 'Ergonomisk mus, venstrehåndet',
      justification: 'Seneskedehindebetændelse i højre hånd',
      specialQuantity: '1',
    };
    flaky!.down = true;
    const kept = await click(app, { ...button(items, 'order_items'), ...typed }, true);
    expect(JSON.stringify(kept)).toContain(orderMessages.da.storeDownStep.slice(0, 60));
    for (const [id, value] of Object.entries(typed)) expect(String(inputValue(kept, id)), id).toBe(value);

    flaky!.down = false;
    const details = await click(app, { ...button(kept, 'order_items'), ...typed }, true);
    expect(JSON.stringify(details)).toContain(orderMessages.da.detailsTitle);
  }, 60_000);

  it('registers one order when the store failed after the order was registered but before its draft was closed', async () => {
    const app = await start();
    await click(app, { verb: 'order_start' });
    const details = await click(app, { verb: 'order_items', [DOCK]: '1' });
    const summary = await click(app, { ...button(details, 'order_details'), ...DETAILS });
    deleteDown = true;
    const half = await click(app, button(summary, 'order_confirm'));
    expect(JSON.stringify(half)).toContain(orderMessages.en.storeDownSend.slice(0, 60));
    deleteDown = false;
    const sent = await click(app, button(half, 'order_confirm'));
    expect(JSON.stringify(sent)).toContain('Order SR-000001 is registered');
    expect(await app.app.services.store.countCases({})).toBe(1);
  }, 60_000);

  it('answers with a "Try again" that repeats the click, typed values and all, when the store answers no reads either', async () => {
    const app = await start();
    await click(app, { verb: 'order_start' });
    const details = await click(app, { verb: 'order_items', [DOCK]: '1' });
    flaky!.down = true;
    flaky!.readsToo = true;
    const told = await click(app, { ...button(details, 'order_details'), ...DETAILS });
    expect(JSON.stringify(told)).toContain(orderMessages.en.storeDownAgain);
    const retry = button(told, 'order_details');
    expect(retry['values']).toMatchObject(DETAILS);

    flaky!.down = false;
    flaky!.readsToo = false;
    const summary = await click(app, retry);
    expect(JSON.stringify(summary)).toContain(orderMessages.en.summaryTitle);
    expect(JSON.stringify(summary)).toContain('Nobelparken 1481-235');
  }, 60_000);

  it('answers an order a case template opened but could not save with a "Try again" that opens it pre-filled again', async () => {
    const app = await start();
    // Anna has talked to the bot, so the directory knows her.
    expect((await app.teams(aPersonalMessage(ANNA, 'hello'))).status).toBe(200);
    const jonas = async (data: Record<string, unknown>): Promise<Card> => {
      const res = await app.teams(anActionInvoke(JONAS, data));
      expect(res.status).toBe(200);
      return ((await res.json()) as { value?: Card }).value ?? {};
    };
    const orderDraft = async () =>
      (await app.app.services.store.getConversation('order:teams:a:personal-29:jonas:aad-jonas'))?.state as
        | Record<string, unknown>
        | undefined;
    flaky!.down = true;
    const told = await jonas({
      verb: 'intake_start',
      templateId: 'new-employee-laptop',
      onBehalfOf: 'anna.jensen@au.dk',
    });
    expect(JSON.stringify(told)).toContain(orderMessages.en.storeDownNew);
    expect(await orderDraft()).toBeUndefined();
    const retry = button(told, 'intake_start');
    expect(retry).toMatchObject({ templateId: 'new-employee-laptop', onBehalfOf: 'anna.jensen@au.dk' });

    // Clicked while the store answers no reads either: the notice again, with the same "Try again".
    flaky!.readsToo = true;
    const still = await jonas(retry);
    expect(JSON.stringify(still)).toContain('not answering');
    expect(button(still, 'intake_start')).toMatchObject({
      templateId: 'new-employee-laptop',
      onBehalfOf: 'anna.jensen@au.dk',
    });

    flaky!.down = false;
    flaky!.readsToo = false;
    const form = await jonas(retry);
    expect(JSON.stringify(form)).toContain('Started from the template');
    expect(inputValue(form, 'qty.laptop-thinkpad-t14-g5')).toBe(1);
    expect(await orderDraft()).toMatchObject({
      quantities: { 'laptop-thinkpad-t14-g5': 1 },
      forWhom: 'on_behalf',
      onBehalf: { query: 'anna.jensen@au.dk' },
      template: { id: 'new-employee-laptop' },
    });
  }, 60_000);

  it('keeps every typed value in "Try again", however long (a special item described at length)', async () => {
    const app = await start();
    const items = await click(app, { verb: 'order_start' });
    flaky!.down = true;
    flaky!.readsToo = true;
    const told = await click(app, { ...button(items, 'order_items'), ...LONG_SPECIAL });
    expect(JSON.stringify(told)).toContain(orderMessages.en.storeDownAgain);
    const retry = button(told, 'order_items');
    expect(JSON.stringify(retry).length).toBeGreaterThan(SLACK_BUTTON_VALUE);
    expect(retry['values']).toEqual(LONG_SPECIAL);

    flaky!.down = false;
    flaky!.readsToo = false;
    const details = await click(app, retry);
    expect(JSON.stringify(details)).toContain(orderMessages.en.detailsTitle);
  }, 60_000);
});

describe('Slack: the order form in the DM while the store is unavailable', () => {
  /** Bo's message in his DM with the bot. */
  const dm = (app: HardenedApp, text: string, id: string) =>
    app.slack({
      kind: 'event',
      json: {
        type: 'event_callback',
        event_id: id,
        team_id: 'T1',
        event: { type: 'message', channel_type: 'im', channel: BO_DM, user: BO.id, text, ts: `${id}.1` },
      },
    });
  /** The bot's messages in Bo's DM. */
  const posts = (app: HardenedApp) =>
    app.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === BO_DM);
  /** The blocks of the latest message in the DM. */
  const latest = (app: HardenedApp): MessageBlock[] => JSON.parse(posts(app).at(-1)?.body['blocks'] ?? '[]');
  /** Bo's click on `button` under the latest message (or the message of `blocks`), having typed `typed`. */
  const clickIn = async (app: HardenedApp, button: string, typed: Record<string, string>, blocks = latest(app)) => {
    const before = posts(app).length;
    const res = await app.slack(messageFormClick({ id: BO.id, name: BO.name }, BO_DM, blocks, button, typed));
    expect(res.status).toBe(200);
    await expect.poll(() => posts(app).length, { timeout: 5_000 }).toBeGreaterThan(before);
    return JSON.stringify(posts(app).at(-1)?.body);
  };

  it('posts the form again with what was typed and the notice in Danish, and the same click goes on once the store is back', async () => {
    const app = await start();
    expect((await dm(app, 'bestil', 'Ev1')).status).toBe(200);
    await expect.poll(() => posts(app).length, { timeout: 5_000 }).toBeGreaterThan(0);

    flaky!.down = true;
    const kept = await clickIn(app, 'order_items', { [DOCK]: '3' });
    expect(kept).toContain(orderMessages.da.storeDownStep.slice(0, 60));
    const dock = latest(app).find((b) => b.type === 'input' && b.element?.action_id === DOCK);
    expect((dock?.element as { initial_value?: string } | undefined)?.initial_value).toBe('3');
    expect(latest(app).some((b) => b.elements?.some((e) => e.action_id === 'order_items'))).toBe(true);
    expect(flaky!.refused).toContain('saveConversation');

    flaky!.down = false;
    const details = await clickIn(app, 'order_items', { [DOCK]: '3' });
    expect(details).toContain(orderMessages.da.detailsTitle);
  }, 60_000);

  it('renders "Try again" as a valid button: the typed values in it when they fit, left out when they do not', async () => {
    const app = await start();
    expect((await dm(app, 'bestil', 'Ev2')).status).toBe(200);
    await expect.poll(() => posts(app).length, { timeout: 5_000 }).toBeGreaterThan(0);
    const items = latest(app);
    /** The "Try again" button's value in the latest message, parsed (its JSON must be whole). */
    const retryValue = () => {
      const value = latest(app)
        .flatMap((b) => b.elements ?? [])
        .find((e) => e.action_id === 'order_items')?.value;
      expect(value).toBeDefined();
      expect(value!.length).toBeLessThanOrEqual(SLACK_BUTTON_VALUE);
      return JSON.parse(value!) as Record<string, unknown>;
    };
    flaky!.down = true;
    flaky!.readsToo = true;

    // Short values: carried by the button, as typed.
    expect(await clickIn(app, 'order_items', { [DOCK]: '3' })).toContain(orderMessages.da.storeDownAgain.slice(0, 40));
    expect(retryValue()).toMatchObject({ verb: 'order_items', values: { [DOCK]: '3' } });

    // A special item described at length, from the form: the button leaves out what does not fit (the
    // justification), says so, and stays valid (slack-order-retry-left-out tests the rest).
    await clickIn(app, 'order_items', LONG_SPECIAL, items);
    const long = retryValue();
    expect(long['verb']).toBe('order_items');
    expect(long['draft']).toBeDefined();
    expect(long['leftOut']).toEqual(['values.justification']);

    // Its click once the store answers again: the item form, asking for what was left out again.
    flaky!.down = false;
    flaky!.readsToo = false;
    const again = await clickIn(app, 'order_items', {});
    expect(again).toContain(orderMessages.da.itemsTitle);
    expect(again).toContain(orderMessages.da.retypeMarked.slice(0, 40));
  }, 60_000);

  it('keeps the order form opened from a channel (a modal) with what was typed and the notice, and its Next goes on once the store is back', async () => {
    const app = await start();
    const res = await app.slack({
      kind: 'interactive',
      payload: {
        type: 'block_actions',
        team: { id: 'T0AU' },
        user: { id: BO.id, name: 'bo' },
        api_app_id: 'A0APP',
        trigger_id: 'trigger-order',
        container: { type: 'message', channel_id: 'C0ARTS', message_ts: '1700000000.000100' },
        channel: { id: 'C0ARTS', name: 'channel' },
        actions: [
          {
            type: 'button',
            action_id: 'order_start',
            block_id: 'b',
            value: JSON.stringify({ verb: 'order_start' }),
            action_ts: '1',
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    const opened = () => app.slackCalls.find((c) => c.method === 'views.open');
    await expect.poll(() => opened() !== undefined, { timeout: 5_000 }).toBe(true);
    const modal = JSON.parse(opened()!.body['view']!) as {
      callback_id: string;
      private_metadata: string;
      blocks: (MessageBlock & { element?: { initial_value?: string } })[];
    };
    const block = modal.blocks.find((b) => b.element?.action_id === DOCK)!.block_id!;
    /** The items form submitted with `qty` docks; the modal Slack is told to show. */
    const submit = async (qty: string) => {
      const res = await app.slack({
        kind: 'interactive',
        payload: {
          type: 'view_submission',
          team: { id: 'T0AU' },
          user: { id: BO.id, name: 'bo' },
          api_app_id: 'A0APP',
          trigger_id: 'trigger-submit',
          view: {
            id: 'V0ORDER',
            type: 'modal',
            callback_id: modal.callback_id,
            private_metadata: modal.private_metadata,
            hash: `h-${qty}-${Math.random()}`,
            state: { values: { [block]: { [DOCK]: { type: 'number_input', value: qty } } } },
          },
        },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { response_action?: string; view?: typeof modal };
    };

    flaky!.down = true;
    const kept = await submit('2');
    expect(kept.response_action).toBe('update');
    expect(JSON.stringify(kept.view)).toContain(orderMessages.da.storeDownStep.slice(0, 60));
    expect(kept.view?.blocks.find((b) => b.element?.action_id === DOCK)?.element?.initial_value).toBe('2');
    expect(kept.view?.private_metadata).toBe(modal.private_metadata);

    flaky!.down = false;
    const details = await submit('2');
    expect(JSON.stringify(details.view)).toContain(orderMessages.da.detailsTitle);
  }, 60_000);
});
