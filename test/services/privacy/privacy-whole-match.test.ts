import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../../src/models/case-store.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import type { PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { mentionsSubject, scrubText, subjectOf } from '../../../src/services/privacy/scrub-case.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { buildServices, type Services, wifiInput } from '../../helpers/services.js';
import { privacyFor, pingsTo } from '../../helpers/privacy.js';

const { anna, bo, karen, jonas, birgitte } = people;

/**
 * Export and erase find a person by their e-mail address and ids as whole addresses and whole ids: someone else's
 * address that merely ends with the erased one (karen.moeller@au.dk vs moeller@au.dk), or a Slack id that merely
 * starts with the erased one (slack:U0BOX vs slack:U0BO), is someone else's, and what names them stays.
 */
describe('PrivacyService: e-mails and ids match whole, not as parts of another', () => {
  let s: Services;
  let privacy: PrivacyService;
  beforeEach(async () => {
    s = await buildServices({ defaultLocale: 'en' });
    privacy = privacyFor(s);
  });
  afterEach(async () => {
    await s.close();
  });

  const rows = () => s.store.listOutbox({ limit: 10_000 });
  /** Anna's urgent case pings the supervisor, Karen (karen.moeller@au.dk): a message still to go. */
  async function karensPendingPing(): Promise<OutboxMessage> {
    await s.register(wifiInput(anna, { impact: 'high', urgency: 'high' }), anna);
    const [ping] = pingsTo(await rows(), karen.id);
    expect(ping?.state).toBe('pending');
    expect(karen.email).toBe('karen.moeller@au.dk');
    return ping!;
  }

  it("keeps Karen's pending urgent ping, unchanged, when moeller@au.dk (someone else) is erased", async () => {
    const ping = await karensPendingPing();

    const erased = await privacy.erasePerson(birgitte, 'moeller@au.dk');
    if (!erased.ok) throw new Error('refused');
    expect(erased.data).toEqual({ cases: 0, other: 0 });
    expect(erased.view.text).toBe('I found no data about moeller@au.dk.');

    const after = pingsTo(await rows(), karen.id);
    expect(after.map((m) => m.id)).toEqual([ping.id]);
    expect(after[0]?.payload).toEqual(ping.payload);
  });

  it("does not export Karen's message to the person moeller@au.dk, and says it found no data", async () => {
    await karensPendingPing();
    const exported = await privacy.exportPerson(birgitte, 'moeller@au.dk');
    if (!exported.ok) throw new Error('refused');
    expect(exported.data.outbox).toEqual([]);
    expect(exported.view.text).toBe('I found no data about moeller@au.dk.');
  });

  it("leaves karen.moeller@au.dk in a colleague's note and removes moeller@au.dk, whatever its case, at a sentence's end", async () => {
    const c = await s.store.createCase(
      buildNewCase({
        user: buildPerson('carl'),
        notes: [
          {
            id: 'n1',
            at: '2025-03-03T10:00:00.000Z',
            author: jonas,
            text: 'Asked karen.moeller@au.dk; she says to write to Moeller@AU.dk.',
            visibility: 'internal',
          },
        ],
      }),
    );
    const erased = await privacy.erasePerson(birgitte, 'moeller@au.dk');
    if (!erased.ok) throw new Error('refused');
    expect(erased.data.cases).toBe(1);
    const after = await s.store.getCase(c.id);
    expect(after?.notes[0]?.text).toBe('Asked karen.moeller@au.dk; she says to write to [removed].');
  });

  it('finds the address at the start of a line of a message still to go to someone else, and rewrites it', async () => {
    await s.store.enqueueOutbox([
      draft('whole:line', {
        kind: 'send_person',
        person: { id: karen.id, name: karen.name },
        view: { kind: 'message', locale: 'en', text: 'Please call back:\nmoeller@au.dk' },
      }),
    ]);
    const exported = await privacy.exportPerson(birgitte, 'moeller@au.dk');
    if (!exported.ok) throw new Error('refused');
    expect(exported.data.outbox.map((m) => m.key)).toEqual(['whole:line']);

    await privacy.erasePerson(birgitte, 'moeller@au.dk');
    const [left] = (await rows()).filter((m) => m.key === 'whole:line');
    expect(left?.state).toBe('pending');
    expect(left?.payload['view']).toEqual({ kind: 'message', locale: 'en', text: 'Please call back:\n[removed]' });
  });

  it('keeps a pending message to slack:U0BOX, and its conversation, when Bo (slack:U0BO) is erased', async () => {
    await s.register(wifiInput(bo), bo);
    const other = { id: 'slack:U0BOX', name: 'Bodil Xu' };
    await s.store.enqueueOutbox([
      draft('whole:u0box', {
        kind: 'send_person',
        person: other,
        view: { kind: 'message', locale: 'en', text: 'Your laptop is ready for pick-up.' },
      }),
    ]);
    await s.store.saveConversation({
      key: 'slack:D0BOX',
      state: { actor: other, step: 'what' },
      updatedAt: '2025-03-03T09:00:00.000Z',
      expiresAt: '2099-03-04T09:00:00.000Z',
    });

    const erased = await privacy.erasePerson(birgitte, bo.email);
    expect(erased.ok).toBe(true);
    const left = await rows();
    expect(left.filter((m) => m.key === 'whole:u0box').map((m) => m.state)).toEqual(['pending']);
    expect(pingsTo(left, bo.id)).toEqual([]);
    expect(await s.store.getConversation('slack:D0BOX')).not.toBeNull();
  });
});

describe('scrubText and mentionsSubject: whole addresses and ids', () => {
  const moeller = subjectOf([{ id: 'teams:moeller', name: '', email: 'moeller@au.dk' }]);
  const slackBo = subjectOf([{ id: 'slack:U0BO', name: '' }]);

  it('does not take an address that only ends with the subject’s', () => {
    expect(mentionsSubject('Mail karen.moeller@au.dk or karen+moeller@au.dk', moeller)).toBe(false);
    expect(scrubText('Mail karen.moeller@au.dk', moeller)).toBe('Mail karen.moeller@au.dk');
  });

  it('does not take an address that only starts with the subject’s', () => {
    expect(mentionsSubject('Mail moeller@au.dk.example.org', moeller)).toBe(false);
    expect(mentionsSubject('Mail moeller@au.dkx', moeller)).toBe(false);
  });

  it('takes the address itself, in any case, between punctuation', () => {
    expect(mentionsSubject('(<MOELLER@au.dk>)', moeller)).toBe(true);
    expect(scrubText('Mail moeller@au.dk, or mailto:Moeller@AU.DK.', moeller)).toBe(
      'Mail [removed], or mailto:[removed].',
    );
  });

  it('takes an id only as a whole token', () => {
    expect(mentionsSubject('Sent to slack:U0BOX', slackBo)).toBe(false);
    expect(mentionsSubject('Sent to slack:U0BO.', slackBo)).toBe(true);
    expect(scrubText('slack:U0BOX and slack:U0BO', slackBo)).toBe('slack:U0BOX and [removed]');
  });
});
