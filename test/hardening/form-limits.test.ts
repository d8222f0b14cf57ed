import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_ACTION_TEXT, MAX_SHORT_TEXT } from '../../src/cards/card-actions.js';
import type { Case } from '../../src/models/case.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { type Json, walk } from '../helpers/card-walk.js';
import { annasWifiCase, type HardenedApp } from '../helpers/hardening-app.js';
import { people } from '../helpers/people.js';
import { aClickOnChannelCard, type TestUser } from '../helpers/teams-activities.js';

/**
 * Staff forms on Teams, through the whole app's HTTP server: each text input says the limit the server holds it to,
 * and a value past it (or not text at all) is answered naming the field, the limit and the length given.
 */

const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };

/** The reference of the case's card in its desk's Teams channel. */
const teamsCard = (c: Case) => c.cards.find((k) => k.platform === 'teams');
/** Every object in a JSON tree that satisfies `test`. */
const findAll = (node: unknown, test: (o: Json) => boolean): Json[] => walk(node).filter(test);

describe('staff forms on Teams: limits said and kept', () => {
  const apps = appPerTest('form-limits-');
  let h: HardenedApp;

  beforeEach(async () => {
    h = await apps.start(() => ({ teamsEmails: { [JONAS.id]: people.jonas.email }, rateLimit: false }));
    await h.app.services.dispatcher.stop();
  });

  /** Anna's Wi-Fi case at ARTS Support, its card posted to the desk's Teams channel; that card. */
  async function registered(): Promise<{ c: Case; card: unknown }> {
    const c = await annasWifiCase(h);
    const post = h.teamsCalls.find((k) => JSON.stringify(k.body).includes(teamsCard(c)!.channelId!));
    return { c, card: post?.body };
  }

  /** Jonas's click on the channel card of `c` (Teams sends the button's data with the inputs merged in). */
  async function click(c: Case, data: Json, locale = 'en-US'): Promise<string> {
    const res = await h.teams({ ...aClickOnChannelCard(JONAS, teamsCard(c), data), locale });
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
