import { describe, expect, it } from 'vitest';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { orderMessages } from '../../src/services/orders/order-messages.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { type FlakyStore, flakyStore, switchOnAfterEach } from '../helpers/flaky-store.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { type MessageBlock, messageFormClick } from '../helpers/slack-message-form.js';
import { blockAction, slackDm } from '../helpers/slack-requests.js';

const apps = appPerTest('slack-order-retry-left-out-');
let flaky: FlakyStore | undefined;
switchOnAfterEach(() => flaky);

/** A Slack button's value takes this many characters. */
const SLACK_BUTTON_VALUE = 2000;
const DOCK = 'qty.dock-thinkpad-usb-c';
/**
 * A dock and a special item described at the form's limits (1000 characters each): more than a Slack button carries,
 * though the dock, the description and the quantity fit in one.
 */
const LONG_SPECIAL = {
  [DOCK]: '1',
  special: `Ergonomic left-handed vertical mouse, wireless. ${'Size M, grey, with the USB receiver. '.repeat(25)}`
    .slice(0, 1000)
    .trim(),
  justification:
    `Tendinitis in the right hand (doctor's note). ${'Needed for daily work at the desk. '.repeat(30)}`.slice(0, 1000),
  specialQuantity: '1',
};

/** Bo writes Danish; Anna English. */
const BO = slackUsers.bo;
const ANNA = slackUsers.anna;
const BO_DM = 'D0BO';

/** The whole app on a store that can be switched off (`flaky`), Bo and Anna known to `users.info`. */
const start = (): Promise<HardenedApp> =>
  apps.start((dataDir) => {
    flaky = flakyStore(new SqliteCaseStore({ dataDir }));
    return { store: flaky.store, rateLimit: false, slackUsers: [BO, ANNA] };
  });

/** A rendered block as far as these tests read it: an input's initial value and hint, a button's value. */
type Block = MessageBlock & {
  element?: { type: string; action_id: string; initial_value?: string };
  hint?: { text: string };
};

/** The input block of `id` in `blocks`. */
const inputOf = (blocks: readonly Block[], id: string): Block | undefined =>
  blocks.find((b) => b.type === 'input' && b.element?.action_id === id);

/** The "Try again" (`order_items`) button's value in `blocks`, parsed (its JSON must be whole and fit). */
function retryValue(blocks: readonly Block[]): Record<string, unknown> {
  const value = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'order_items')?.value;
  expect(value, 'a Try again button').toBeDefined();
  expect(value!.length).toBeLessThanOrEqual(SLACK_BUTTON_VALUE);
  return JSON.parse(value!) as Record<string, unknown>;
}

/** What a Try again that could not carry the justification holds: all the rest, and what it left out. */
function expectJustificationLeftOut(retry: Record<string, unknown>): void {
  expect(retry).toMatchObject({ verb: 'order_items', leftOut: ['values.justification'] });
  expect(retry['draft']).toBeDefined();
  expect(retry['values']).toEqual({
    [DOCK]: '1',
    special: LONG_SPECIAL.special,
    specialQuantity: '1',
  });
}

/**
 * The item form given back after such a Try again, in `locale`: it says why the justification is empty and must be
 * typed again (under it too), the rest filled in as typed; it did not go on to the details.
 */
function expectAskedAgain(blocks: readonly Block[], locale: 'da' | 'en'): void {
  const m = orderMessages[locale];
  const text = JSON.stringify(blocks);
  expect(text).toContain(m.retypeMarked.slice(0, 60));
  expect(text).toContain(m.itemsTitle);
  expect(text).not.toContain(m.detailsTitle);
  expect(text).not.toContain(m.noItems);
  expect(inputOf(blocks, DOCK)?.element?.initial_value).toBe('1');
  expect(inputOf(blocks, 'special')?.element?.initial_value).toBe(LONG_SPECIAL.special);
  expect(inputOf(blocks, 'specialQuantity')?.element?.initial_value).toBe('1');
  const justification = inputOf(blocks, 'justification');
  expect(justification?.element?.initial_value ?? '').toBe('');
  expect(justification?.hint?.text).toContain(m.retypeField);
}

describe('Slack: an order\'s "Try again" that cannot carry everything typed', () => {
  it('keeps what fits in the DM, and the form given back says in Danish what must be typed again', async () => {
    const app = await start();
    const posts = () => app.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === BO_DM);
    const latest = (): Block[] => JSON.parse(posts().at(-1)?.body['blocks'] ?? '[]');
    /** Bo's click on `button` under the latest message in his DM, having typed `typed`; the blocks posted in answer. */
    const clickIn = async (button: string, typed: Record<string, string>): Promise<Block[]> => {
      const before = posts().length;
      const res = await app.slack(messageFormClick({ id: BO.id, name: BO.name }, BO_DM, latest(), button, typed));
      expect(res.status).toBe(200);
      await expect.poll(() => posts().length, { timeout: 5_000 }).toBeGreaterThan(before);
      return latest();
    };
    expect((await app.slack(slackDm('Ev1', BO, 'bestil', { channel: BO_DM, ts: '1.1' }))).status).toBe(200);
    await expect.poll(() => posts().length, { timeout: 5_000 }).toBeGreaterThan(0);

    // Next with a special item described at length while the store does not answer at all: the notice, and a "Try
    // again" holding the dock, the description and the quantity; the justification did not fit and is named.
    flaky!.down = true;
    flaky!.readsToo = true;
    const told = await clickIn('order_items', LONG_SPECIAL);
    expect(JSON.stringify(told)).toContain(orderMessages.da.storeDownAgain.slice(0, 40));
    expectJustificationLeftOut(retryValue(told));

    // The store is back: the click gives the item form back, not the details (nothing taken), saying why.
    flaky!.down = false;
    flaky!.readsToo = false;
    expectAskedAgain(await clickIn('order_items', {}), 'da');

    // The form typed in full goes on.
    const details = await clickIn('order_items', LONG_SPECIAL);
    expect(JSON.stringify(details)).toContain(orderMessages.da.detailsTitle);
  }, 60_000);

  it('says so in English in a modal opened from a channel, its Try again clicked there', async () => {
    const app = await start();
    const opened = await app.slack(
      blockAction({ id: ANNA.id, name: 'anna' }, 'trigger-order', {
        container: { type: 'message', channel_id: 'C0ARTS', message_ts: '1700000000.000100' },
        channel: { id: 'C0ARTS', name: 'channel' },
        actions: [
          { type: 'button', action_id: 'order_start', block_id: 'b', value: '{"verb":"order_start"}', action_ts: '1' },
        ],
      }),
    );
    expect(opened.status).toBe(200);
    const open = () => app.slackCalls.find((c) => c.method === 'views.open');
    await expect.poll(() => open() !== undefined, { timeout: 5_000 }).toBe(true);
    const modal = JSON.parse(open()!.body['view']!) as {
      callback_id: string;
      private_metadata: string;
      blocks: Block[];
    };
    const state: Record<string, Record<string, unknown>> = {};
    for (const [id, value] of Object.entries(LONG_SPECIAL)) {
      const block = inputOf(modal.blocks, id)!;
      state[block.block_id!] = { [id]: { type: block.element!.type, value } };
    }

    // The item form submitted while the store does not answer: the modal shows the notice and "Try again".
    flaky!.down = true;
    flaky!.readsToo = true;
    const submitted = await app.slack({
      kind: 'interactive',
      payload: {
        type: 'view_submission',
        team: { id: 'T0AU' },
        user: { id: ANNA.id, name: 'anna' },
        api_app_id: 'A0APP',
        trigger_id: 'trigger-submit',
        view: {
          id: 'V0ORDER',
          type: 'modal',
          callback_id: modal.callback_id,
          private_metadata: modal.private_metadata,
          hash: 'h-1',
          state: { values: state },
        },
      },
    });
    expect(submitted.status).toBe(200);
    const told = ((await submitted.json()) as { view?: typeof modal }).view!;
    expect(JSON.stringify(told.blocks)).toContain(orderMessages.en.storeDownAgain.slice(0, 40));
    const retry = retryValue(told.blocks);
    expectJustificationLeftOut(retry);

    // Clicked in the modal once the store answers: the modal shows the item form again, saying why.
    flaky!.down = false;
    flaky!.readsToo = false;
    const clicked = await app.slack(
      blockAction({ id: ANNA.id, name: 'anna' }, 'trigger-again', {
        container: { type: 'view', view_id: 'V0ORDER' },
        view: {
          id: 'V0ORDER',
          type: 'modal',
          callback_id: told.callback_id,
          private_metadata: told.private_metadata,
          hash: 'h-2',
          state: { values: {} },
        },
        actions: [
          { type: 'button', action_id: 'order_items', block_id: 'b', value: JSON.stringify(retry), action_ts: '2' },
        ],
      }),
    );
    expect(clicked.status).toBe(200);
    const update = () => app.slackCalls.find((c) => c.method === 'views.update');
    await expect.poll(() => update() !== undefined, { timeout: 5_000 }).toBe(true);
    expectAskedAgain((JSON.parse(update()!.body['view']!) as typeof modal).blocks, 'en');
  }, 60_000);
});
