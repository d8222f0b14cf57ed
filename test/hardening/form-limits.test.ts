import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ACTION_TEXT, MAX_SHORT_TEXT } from '../../src/cards/card-actions.js';
import type { Case } from '../../src/models/case.js';
import { createRegisterCase } from '../../src/services/lifecycle/register-case.js';
import { type HardenedApp, startHardenedApp } from '../helpers/hardening-app.js';
import { people } from '../helpers/people.js';
import { wifiInput } from '../helpers/services.js';
import { anActionInvoke, TENANT_ID, type TestUser } from '../helpers/teams-activities.js';
import { tempDirs } from '../helpers/temp-dir.js';

/**
 * Staff forms on Teams, through the whole app's HTTP server: each text input says the limit the server holds it to,
 * and a value past it (or not text at all) is answered naming the field, the limit and the length given.
 */

const dirs = tempDirs('form-limits-');
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };

type Json = Record<string, unknown>;

/** Every object in a JSON tree that satisfies `test`. */
function findAll(node: unknown, test: (o: Json) => boolean, out: Json[] = []): Json[] {
  if (Array.isArray(node)) for (const x of node) findAll(x, test, out);
  else if (node && typeof node === 'object') {
    if (test(node as Json)) out.push(node as Json);
    for (const v of Object.values(node)) findAll(v, test, out);
  }
  return out;
}

describe('staff forms on Teams: limits said and kept', () => {
  let h: HardenedApp;

  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  beforeEach(async () => {
    h = await startHardenedApp({
      dataDir: await dirs.make(),
      teamsEmails: { [JONAS.id]: people.jonas.email },
      rateLimit: false,
    });
    await h.app.services.dispatcher.stop();
  });
  afterEach(async () => {
    await h.stop();
    nock.cleanAll();
  });
  afterAll(async () => {
    nock.enableNetConnect();
    await dirs.cleanup();
  });

  async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const r = await h.app.services.dispatcher.runOnce();
      if (r.sent + r.retried + r.dead === 0) return;
    }
  }

  /** Anna's Wi-Fi case at ARTS Support, its card posted to the desk's Teams channel; that card. */
  async function registered(): Promise<{ c: Case; card: unknown }> {
    const { store, catalogue, calendar, clock, config } = h.app.services;
    const register = createRegisterCase({ store, catalogue, calendar, clock, defaultLocale: config.defaultLocale });
    const c = await register(wifiInput(people.anna), people.anna);
    await settle();
    const stored = (await store.getCase(c.id))!;
    const ref = stored.cards.find((k) => k.platform === 'teams')!;
    const post = h.teamsCalls.find((k) => JSON.stringify(k.body).includes(ref.channelId!));
    return { c: stored, card: post?.body };
  }

  /** Jonas's click on the channel card of `c` (Teams sends the button's data with the inputs merged in). */
  async function click(c: Case, data: Json, locale = 'en-US'): Promise<string> {
    const ref = c.cards.find((k) => k.platform === 'teams')!;
    const thread = ref.conversationId ?? '';
    const invoke = anActionInvoke(JONAS, data, 'channel');
    const res = await h.teams({
      ...invoke,
      locale,
      conversation: { id: thread, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
      replyToId: thread.split(';messageid=')[1],
      channelData: { tenant: { id: TENANT_ID }, channel: { id: ref.channelId } },
    });
    expect(res.status).toBe(200);
    return res.text();
  }

  it('refuses a note past its 20 000 characters naming the limit, in English and Danish; 20 000 fit', async () => {
    const { c, card } = await registered();
    const [input] = findAll(card, (o) => o['id'] === 'note.text');
    expect(input?.['maxLength']).toBe(MAX_ACTION_TEXT);
    const [button] = findAll(card, (o) => o['type'] === 'Action.Execute' && (o['data'] as Json)?.['verb'] === 'note');
    const data = button?.['data'] as Json;
    expect(await click(c, { ...data, 'note.text': 'n'.repeat(25_000), 'note.visibility': 'internal' })).toContain(
      'I could not use that: “Note” is 25,000 characters; at most 20,000 fit. Nothing was saved: please shorten it ' +
        'and send it again.',
    );
    expect(await click(c, { ...data, 'note.text': 'n'.repeat(20_001) }, 'da-DK')).toContain(
      'Det kunne jeg ikke bruge: «Notat» er 20.001 tegn; der er højst plads til 20.000. Intet blev gemt: gør ' +
        'teksten kortere, og send den igen.',
    );
    expect(await click(c, { ...data, 'note.text': { $gt: '' } })).toContain(
      'I could not use that: “Note” takes text, but the card sent a group of values. Nothing was saved. Please try again.',
    );
    expect(await click(c, { ...data, 'note.text': 7 }, 'da-DK')).toContain(
      'Det kunne jeg ikke bruge: «Notat» skal være tekst, men kortet sendte et tal. Intet blev gemt. Prøv igen.',
    );
    let stored = (await h.app.services.store.getCase(c.id))!;
    expect(stored.notes).toEqual([]);
    expect(stored.version).toBe(c.version);
    await click(c, { ...data, 'note.text': 'n'.repeat(MAX_ACTION_TEXT), 'note.visibility': 'internal' });
    stored = (await h.app.services.store.getCase(c.id))!;
    expect(stored.notes.map((n) => n.text.length)).toEqual([MAX_ACTION_TEXT]);
  });

  it('says the status form’s vendor limit (500) on its inputs and refuses a longer vendor with it', async () => {
    const { c, card } = await registered();
    // The card's own Status form and the case services' status form (Teams default for a one-line input: 2000).
    const own = findAll(card, (o) => o['id'] === 'set_status.vendorName' || o['id'] === 'set_status.vendorRef');
    expect(own.map((i) => i['maxLength'])).toEqual([MAX_SHORT_TEXT, MAX_SHORT_TEXT]);
    const opened = await click(c, { verb: 'open_form', form: 'status', caseId: c.id, version: c.version });
    const inputs = findAll(JSON.parse(opened), (o) => String(o['type']).startsWith('Input.Text'));
    expect(inputs.map((i) => [i['id'], i['maxLength']])).toEqual([
      ['vendorName', MAX_SHORT_TEXT],
      ['vendorRef', MAX_SHORT_TEXT],
      ['question', MAX_ACTION_TEXT],
    ]);
    const answer = await click(c, {
      verb: 'set_status',
      caseId: c.id,
      version: c.version,
      status: 'awaiting_vendor',
      vendorName: 'v'.repeat(501),
    });
    expect(answer).toContain('I could not use that: “Vendor” is 501 characters; at most 500 fit. Nothing was saved');
    expect((await h.app.services.store.getCase(c.id))?.status).toBe(c.status);
  });
});
