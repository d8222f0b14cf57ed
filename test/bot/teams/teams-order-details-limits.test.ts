import { describe, expect, it } from 'vitest';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-order-details-limits-');

/** An employee at Arts. */
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
/** A colleague Anna orders for (known to the bot once he has written to it). */
const PETER: TestUser = { id: '29:peter', aadObjectId: 'aad-peter', name: 'Peter Colleague' };
const EMAILS = { '29:anna': 'anna.employee@au.dk', '29:peter': 'peter.colleague@au.dk' };
/** Teams shows no Adaptive Card bigger than about 28 KB: the form answered with one larger is lost. */
const TEAMS_CARD_BYTES = 28_000;

/** Anna's Action.Execute click in her chat with the bot; the invoke's answer as sent. */
async function click(app: TeamsApp, data: Record<string, unknown>): Promise<string> {
  const res = await app.post(anActionInvoke(ANNA, data));
  expect(res.status).toBe(200);
  return res.text();
}

describe('Teams: the order form refuses an over-long detail without echoing it', () => {
  it('answers a pasted 20 000-character person, place and cost centre with the form and "At most 200 characters"', async () => {
    const t = await apps.start({ emails: EMAILS });
    await click(t, { verb: 'order_start' });
    await click(t, { verb: 'order_items', 'qty.dock-thinkpad-usb-c': '1' });

    const pasted = 'Building 1481, room 235, '.repeat(800);
    expect(pasted.length).toBe(20_000);
    const answer = await click(t, {
      verb: 'order_details',
      forWhom: 'on_behalf',
      onBehalfOf: pasted,
      faculty: 'arts',
      deliveryLocation: pasted,
      costCentre: pasted,
    });
    // The details form again, small enough for Teams to show, each over-long field said to be too long.
    expect(Buffer.byteLength(answer)).toBeLessThan(TEAMS_CARD_BYTES);
    expect(answer).toContain('Who is it for, and where should it go?');
    expect(answer.match(/"errorMessage":"At most 200 characters\."/g)).toHaveLength(2);
    expect(answer).toContain('A cost centre is 4 to 10 digits');
    expect(answer).not.toContain('Nobody in the directory matches');

    // Nothing of it was kept: corrected, the order goes on to the summary with what was typed then.
    const summary = await click(t, {
      verb: 'order_details',
      forWhom: 'self',
      faculty: 'arts',
      deliveryLocation: '1481-235',
      costCentre: '12345678',
    });
    expect(summary).toContain('Your order');
    expect(summary).toContain('1481-235');
    expect(summary).not.toContain('room 235');
  });

  it('shows a refused over-long place empty, not cut nor as the place typed before: Next again does not take it', async () => {
    const t = await apps.start({ emails: EMAILS });
    await click(t, { verb: 'order_start' });
    await click(t, { verb: 'order_items', 'qty.dock-thinkpad-usb-c': '1' });
    const details = { verb: 'order_details', forWhom: 'self', faculty: 'arts', costCentre: '12345678' };
    // A valid place first, refused for its cost centre: the place is kept in the draft.
    expect(await click(t, { ...details, deliveryLocation: 'Nobelparken 1453-110', costCentre: 'abc' })).toContain(
      'A cost centre is 4 to 10 digits',
    );

    const longPlace = `Building 1481, room 235, ${'second floor, '.repeat(20)}by the window`;
    expect(longPlace.length).toBeGreaterThan(200);
    const answer = await click(t, { ...details, deliveryLocation: longPlace });
    expect(answer).toContain('"errorMessage":"At most 200 characters."');
    // The place's input is empty: neither the first 200 characters nor the earlier place stand there to be sent.
    const input = JSON.parse(answer)
      .value.body.flatMap(function walk(n: Record<string, unknown>): Record<string, unknown>[] {
        return [n, ...((n['items'] as Record<string, unknown>[] | undefined) ?? []).flatMap(walk)];
      })
      .find((n: Record<string, unknown>) => n['id'] === 'deliveryLocation');
    expect(input).toMatchObject({ type: 'Input.Text', value: '' });
    expect(answer).not.toContain('second floor, second floor');
    expect(answer).not.toContain('Nobelparken');

    // Next again with the form as shown: the place is asked for, no summary.
    const again = await click(t, { ...details, deliveryLocation: '' });
    expect(again).not.toContain('Your order');
    expect(again).toContain('This is required.');
  });

  it('keeps the valid cost centre, place, faculty and person as typed when another detail is refused', async () => {
    const t = await apps.start({ emails: EMAILS });
    expect((await t.post(aPersonalMessage(PETER, 'hello'))).status).toBe(200); // the bot has met Peter
    await click(t, { verb: 'order_start' });
    await click(t, { verb: 'order_items', 'qty.dock-thinkpad-usb-c': '1' });
    const longPlace = `Building 1481, room 235, ${'second floor, '.repeat(20)}by the window`;

    // The place is too long: refused and shown empty; the cost centre, faculty and person typed with it are kept.
    const onBehalf = { verb: 'order_details', forWhom: 'on_behalf', onBehalfOf: 'peter.colleague@au.dk' };
    let answer = await click(t, { ...onBehalf, faculty: 'bss', deliveryLocation: longPlace, costCentre: '87654321' });
    expect(answer).toContain('"errorMessage":"At most 200 characters."');
    expect(inputOf(answer, 'deliveryLocation')).toMatchObject({ value: '' });
    expect(inputOf(answer, 'costCentre')).toMatchObject({ value: '87654321' });
    expect(inputOf(answer, 'faculty')).toMatchObject({ value: 'bss' });
    expect(inputOf(answer, 'onBehalfOf')).toMatchObject({ value: 'peter.colleague@au.dk' });
    expect(inputOf(answer, 'forWhom')).toMatchObject({ value: 'on_behalf' });

    // The person is too long: the place and cost centre typed with it stand in the form, the person's field empty.
    const longPerson = 'peter.colleague@au.dk '.repeat(12);
    answer = await click(t, {
      ...onBehalf,
      onBehalfOf: longPerson,
      faculty: 'bss',
      deliveryLocation: '1481-235',
      costCentre: '11223344',
    });
    expect(answer).toContain('"errorMessage":"At most 200 characters."');
    expect(inputOf(answer, 'onBehalfOf')).toMatchObject({ value: '' });
    expect(inputOf(answer, 'deliveryLocation')).toMatchObject({ value: '1481-235' });
    expect(inputOf(answer, 'costCentre')).toMatchObject({ value: '11223344' });

    // A field emptied is shown empty under its error, not as the cost centre the draft held.
    answer = await click(t, { ...onBehalf, faculty: 'bss', deliveryLocation: '1481-235', costCentre: '' });
    expect(answer).toContain('A cost centre is 4 to 10 digits');
    expect(inputOf(answer, 'costCentre')).toMatchObject({ value: '' });
    expect(inputOf(answer, 'deliveryLocation')).toMatchObject({ value: '1481-235' });

    // Next with the form as shown, the person typed again: the summary has the cost centre typed with the refusal.
    const summary = await click(t, {
      ...onBehalf,
      faculty: 'bss',
      deliveryLocation: '1481-235',
      costCentre: '11223344',
    });
    expect(summary).toContain('Your order');
    expect(summary).toContain('11223344');
    expect(summary).toContain('Peter Colleague');
  });
});

/** The input `id` of a card answered (JSON text), wherever it is in the card's containers. */
function inputOf(answer: string, id: string): Record<string, unknown> | undefined {
  return JSON.parse(answer)
    .value.body.flatMap(function walk(n: Record<string, unknown>): Record<string, unknown>[] {
      return [n, ...((n['items'] as Record<string, unknown>[] | undefined) ?? []).flatMap(walk)];
    })
    .find((n: Record<string, unknown>) => n['id'] === id);
}
