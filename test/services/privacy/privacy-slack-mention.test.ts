import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackPlainText } from '../../../src/bot/slack/slack-markup.js';
import type { Case } from '../../../src/models/case.js';
import type { PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, type Services } from '../../helpers/services.js';
import { privacyFor } from '../../helpers/privacy.js';

const { bo, carl, jonas, birgitte } = people;

/**
 * A Slack mention the directory could not name is stored as the bare Slack user id: `<@U0BO>` reads "@U0BO" on the
 * case (`slackPlainText` without a name for it, as the Slack listener stores it when `users.info` fails). Bo is
 * `slack:U0BO`; the erase and the export must know him by that text too.
 */
describe('PrivacyService: a Slack mention stored by id', () => {
  let s: Services;
  let privacy: PrivacyService;
  beforeEach(async () => {
    s = await buildServices({ defaultLocale: 'en' });
    privacy = privacyFor(s);
  });
  afterEach(async () => {
    await s.close();
  });

  const noteText = slackPlainText('Asked <@U0BO> whether the access point in his office blinks too.');

  /** Bo has a case of his own (so his Slack id is known by his e-mail); Jonas notes on Carl's that he asked Bo. */
  async function carlsCaseMentioningBo(): Promise<Case> {
    // The mention as stored: the bare id (what the erase must find).
    expect(noteText).toBe('Asked @U0BO whether the access point in his office blinks too.');
    await s.reportWifi(bo);
    let c = await s.reportWifi(carl);
    c = okCase(await s.service.act(jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    return okCase(
      await s.service.act(jonas, {
        verb: 'note',
        caseId: c.id,
        version: c.version,
        text: noteText,
        visibility: 'public',
      }),
    );
  }

  it("removes the mention from others' notes and from the messages still to go when he is erased", async () => {
    const c = await carlsCaseMentioningBo();
    const pendingToCarl = (await s.store.listOutbox({ state: 'pending', limit: 1_000 })).filter((m) =>
      JSON.stringify(m.payload).includes('@U0BO whether'),
    );
    expect(pendingToCarl.length).toBeGreaterThan(0);

    const erased = await privacy.erasePerson(birgitte, bo.email);
    expect(erased.ok).toBe(true);

    const after = (await s.store.getCase(c.id))!;
    expect(after.user.id).toBe(carl.id);
    const note = after.notes.find((n) => n.author.id === jonas.id);
    expect(note?.text).toBe('Asked [removed] whether the access point in his office blinks too.');
    expect(JSON.stringify(after)).not.toContain('U0BO');
    // The message telling Carl of the note still goes to him, without Bo.
    const rows = await s.store.listOutbox({ limit: 10_000 });
    expect(JSON.stringify(rows)).not.toContain('U0BO');
    for (const m of pendingToCarl) {
      const row = rows.find((r) => r.id === m.id);
      expect(row?.state).toBe('pending');
      expect(JSON.stringify(row?.payload)).toContain('Asked [removed] whether');
    }
  });

  it("exports the note of another's case that mentions him by id", async () => {
    const c = await carlsCaseMentioningBo();
    const exported = await privacy.exportPerson(birgitte, bo.email);
    if (!exported.ok) throw new Error('refused');
    expect(exported.data.mentions).toEqual([expect.objectContaining({ caseNumber: c.number, text: noteText })]);
    expect(exported.data.cases.map((x) => x.number)).not.toContain(c.number);
  });

  it('does not take a longer id that begins with his for him', async () => {
    await s.reportWifi(bo);
    let c = await s.reportWifi(carl);
    c = okCase(await s.service.act(jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    const other = slackPlainText('Asked <@U0BOX> too.');
    c = okCase(
      await s.service.act(jonas, {
        verb: 'note',
        caseId: c.id,
        version: c.version,
        text: other,
        visibility: 'internal',
      }),
    );
    const exported = await privacy.exportPerson(birgitte, bo.email);
    if (!exported.ok) throw new Error('refused');
    expect(exported.data.mentions).toEqual([]);
    await privacy.erasePerson(birgitte, bo.email);
    expect((await s.store.getCase(c.id))!.notes.find((n) => n.author.id === jonas.id)?.text).toBe('Asked @U0BOX too.');
  });

  it('removes the mention from his own closed case when retention anonymises it', async () => {
    let c = await s.reportWifi(bo);
    c = okCase(await s.service.act(jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    const text = slackPlainText('Called <@U0BO>: the access point is back.');
    c = okCase(
      await s.service.act(jonas, { verb: 'note', caseId: c.id, version: c.version, text, visibility: 'internal' }),
    );
    await s.store.updateCase(
      { ...c, status: 'closed', resolvedAt: '2025-03-10T09:00:00.000Z', closedAt: '2025-03-11T09:00:00.000Z' },
      c.version,
    );
    s.clock.set('2027-06-01T09:00:00Z');
    expect(await privacy.anonymiseExpired(24)).toBe(1);
    const after = (await s.store.getCase(c.id))!;
    expect(after.notes.find((n) => n.text.startsWith('Called'))?.text).toBe(
      'Called [removed]: the access point is back.',
    );
    expect(JSON.stringify(after)).not.toContain('U0BO');
  });
});
