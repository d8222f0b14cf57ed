import { describe, expect, it } from 'vitest';
import { teamsTexts } from '../../../src/bot/teams/teams-texts.js';
import type { Case, Person } from '../../../src/models/case.js';
import { AppError } from '../../../src/models/errors.js';
import { DailyDigest } from '../../../src/services/sla/daily-digest.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, type TeamsApp } from '../../helpers/teams-app.js';
import { silentLogger } from '../../helpers/sla.js';

const apps = teamsAppPerTest('teams-digest-');

/** Emma, 1st level in ARTS Support (config/catalogue.yaml): she gets the group's daily digest. */
const EMMA: TestUser = { id: '29:emma', aadObjectId: 'aad-emma', name: 'Emma Skov' };
/** Anna, an employee: no digest of hers. */
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const EMAILS = { '29:emma': 'emma.skov@au.dk', '29:anna': 'anna.employee@au.dk' };
/** Jonas, ARTS Support too, who resolved the cases. */
const JONAS: Person = { id: 'teams:aad-jonas', name: 'Jonas Vestergaard', email: 'jonas.vestergaard@au.dk' };
const ANNA_PERSON: Person = { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk' };

/** One Action.Execute button of a rendered card: its verb and data. */
interface Button {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

/** Every Action.Execute in an Adaptive Card (top-level actions and action sets), in order. */
function buttons(card: unknown): Button[] {
  const found: Button[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o['type'] === 'Action.Execute' && typeof o['verb'] === 'string' && o !== (card as object)) {
        found.push({ title: String(o['title']), verb: o['verb'], data: (o['data'] ?? {}) as Record<string, unknown> });
      }
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
    }
  };
  walk(card);
  return found;
}

/** An arts-support case of Anna's, registered now. */
async function artsCase(app: TeamsApp, title: string): Promise<Case> {
  return app.app.services.store.createCase(
    buildNewCase({
      title,
      categoryId: 'vpn',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      locale: 'en',
      user: { ...ANNA_PERSON, locale: 'en' },
    }),
  );
}

/** Jonas claims and resolves a case (the digest lists it ready to close). */
async function resolved(app: TeamsApp, title: string): Promise<Case> {
  const c = await artsCase(app, title);
  const claimed = await app.app.services.actions.act(JONAS, { verb: 'claim', caseId: c.id, version: c.version });
  if (!claimed.ok) throw new Error(claimed.reply.text);
  const done = await app.app.services.actions.act(JONAS, {
    verb: 'resolve',
    caseId: c.id,
    version: claimed.case.version,
    solution: 'New VPN profile installed.',
  });
  if (!done.ok) throw new Error(done.reply.text);
  return done.case;
}

/**
 * The app on Wednesday 26 February 2025 (Copenhagen): a case nobody touches from then on; on Monday 3 March two cases
 * resolved; on Tuesday 4 March at 09:00 the daily digest goes to ARTS Support — Emma's is delivered to her chat.
 * Returns the cases and the digest card Emma got.
 */
async function digestDay() {
  const app = await apps.start({ emails: EMAILS, now: new Date('2025-02-26T06:00:00Z') });
  // Emma has talked to the bot, so Teams can reach her.
  expect((await app.post(aPersonalMessage(EMMA, 'help'))).status).toBe(200);
  const quiet = await artsCase(app, 'VPN drops at home');
  app.clock.set(new Date('2025-03-03T09:00:00Z'));
  const a = await resolved(app, 'VPN profile broken');
  const b = await resolved(app, 'VPN certificate expired');
  app.clock.set(new Date('2025-03-04T08:00:00Z'));
  const s = app.app.services;
  const digest = new DailyDigest({
    store: s.store,
    catalogue: s.catalogue,
    calendar: s.calendar,
    clock: s.clock,
    directory: s.directory,
    logger: silentLogger,
    timeZone: s.config.timeZone,
    defaultLocale: 'en',
  });
  expect((await digest.runOnce()).groups).toBe(1);
  app.calls.length = 0;
  await s.dispatcher.runOnce();
  const toEmma = app.calls.filter((c) => c.method === 'POST' && c.path.includes(`/a:personal-${EMMA.id}/activities`));
  expect(toEmma).toHaveLength(1);
  const card = JSON.parse(cardJson(toEmma[0]!.body))[0];
  expect(JSON.stringify(card)).toContain('Daily follow-up for ARTS Support');
  app.calls.length = 0;
  return { app, quiet, a, b, card };
}

/** Emma's click on `button`; the card the invoke answers with (it takes the clicked card's place). */
async function click(app: TeamsApp, user: TestUser, data: Record<string, unknown>): Promise<unknown> {
  const res = await app.post(anActionInvoke(user, data));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { type: string; value: unknown };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value;
}

const find = (card: unknown, verb: string, caseId: string) =>
  buttons(card).find((x) => x.verb === verb && x.data['caseId'] === caseId);

describe('Teams: the daily digest card', () => {
  it('stays in place after a Close, refreshed: the closed case is gone from it, the other cases keep their buttons', async () => {
    const { app, quiet, a, b, card } = await digestDay();
    const closeA = find(card, 'close', a.id);
    expect(closeA).toBeDefined();

    const answer = await click(app, EMMA, closeA!.data);
    expect((await app.app.services.store.getCase(a.id))?.status).toBe('closed');
    const text = JSON.stringify(answer);
    // Still the digest, with a word that the case was closed, and the rest of the list to work through.
    expect(text).toContain('Daily follow-up for ARTS Support');
    expect(text).toContain(`${a.number} is now: Closed.`);
    expect(find(answer, 'close', a.id)).toBeUndefined();
    expect(find(answer, 'close', b.id)).toBeDefined();
    expect(find(answer, 'refresh', quiet.id)).toBeDefined();
    expect(text).toContain(b.number);
    expect(text).toContain(quiet.number);
    // Close needs no case card: nothing else was sent to Emma's chat.
    expect(app.calls.filter((c) => c.method === 'POST')).toEqual([]);

    // The refreshed digest's buttons work as the first ones did.
    const again = await click(app, EMMA, find(answer, 'close', b.id)!.data);
    expect((await app.app.services.store.getCase(b.id))?.status).toBe('closed');
    expect(find(again, 'close', b.id)).toBeUndefined();
    expect(find(again, 'refresh', quiet.id)).toBeDefined();
  });

  it('stays in place, every button still there, with a word that nothing was done, when the store does not answer a Close', async () => {
    const { app, a, b, card } = await digestDay();
    const store = app.app.services.store;
    // The store's own method is its class's: shadowed here, and the shadow removed afterwards.
    expect(Object.hasOwn(store, 'updateCase')).toBe(false);
    store.updateCase = () => Promise.reject(new AppError('STORE.UNAVAILABLE', 'store down (test)'));
    let answer: unknown;
    try {
      answer = await click(app, EMMA, find(card, 'close', a.id)!.data);
    } finally {
      delete (store as Partial<typeof store>).updateCase;
    }
    const text = JSON.stringify(answer);
    expect(text).toContain(teamsTexts.en.storeDown);
    expect(text).toContain('Daily follow-up for ARTS Support');
    expect(find(answer, 'close', a.id)).toBeDefined();
    expect(find(answer, 'close', b.id)).toBeDefined();
    expect((await store.getCase(a.id))?.status).toBe('resolved');

    await click(app, EMMA, find(answer, 'close', a.id)!.data);
    expect((await store.getCase(a.id))?.status).toBe('closed');
  });

  it('stays in place, every button still there, when a click in it sends something that cannot be used', async () => {
    const { app, a, b, card } = await digestDay();
    const answer = await click(app, EMMA, { ...find(card, 'close', a.id)!.data, version: 'soon' });
    const text = JSON.stringify(answer);
    expect(text).toContain('I could not use that');
    expect(text).toContain('Daily follow-up for ARTS Support');
    expect(find(answer, 'close', a.id)).toBeDefined();
    expect(find(answer, 'close', b.id)).toBeDefined();
    expect((await app.app.services.store.getCase(a.id))?.status).toBe('resolved');
  });

  it('stays in place after a Show, and the case card comes as a new message in the same chat', async () => {
    const { app, quiet, a, card } = await digestDay();
    const show = find(card, 'refresh', quiet.id);
    expect(show).toBeDefined();

    const answer = await click(app, EMMA, show!.data);
    expect(JSON.stringify(answer)).toContain('Daily follow-up for ARTS Support');
    expect(find(answer, 'close', a.id)).toBeDefined();
    expect(find(answer, 'refresh', quiet.id)).toBeDefined();
    const sent = app.calls.filter((c) => c.method === 'POST');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toContain(`/a:personal-${EMMA.id}/activities`);
    const caseCard = JSON.parse(cardJson(sent[0]!.body))[0];
    expect(JSON.stringify(caseCard)).toContain(quiet.number);
    expect(JSON.stringify(caseCard)).toContain('VPN drops at home');
    // Emma's own case card: its buttons act on the case (Claim), and it keeps itself current for her.
    expect(find(caseCard, 'claim', quiet.id)).toBeDefined();
    expect(caseCard.refresh?.userIds).toEqual([EMMA.id]);
  });

  it('stays in place after a stale Close (the case changed since), and the current case comes as a new message', async () => {
    const { app, a, b, card } = await digestDay();
    // Anna says the problem is still there: the case is back at work, and the digest's Close is stale.
    const back = await app.app.services.actions.act(ANNA_PERSON, {
      verb: 'still_a_problem',
      caseId: a.id,
      version: a.version,
    });
    expect(back.ok).toBe(true);
    app.calls.length = 0;

    const answer = await click(app, EMMA, find(card, 'close', a.id)!.data);
    expect((await app.app.services.store.getCase(a.id))?.status).toBe('in_progress');
    expect(JSON.stringify(answer)).toContain('Daily follow-up for ARTS Support');
    expect(find(answer, 'close', a.id)).toBeUndefined();
    expect(find(answer, 'close', b.id)).toBeDefined();
    const sent = app.calls.filter((c) => c.method === 'POST');
    expect(sent).toHaveLength(1);
    const caseCard = cardJson(sent[0]!.body);
    expect(caseCard).toContain('changed meanwhile by Anna Employee');
    expect(caseCard).toContain('In progress');
  });

  it("gives nobody but the group's own staff the digest: someone else's click answers as a click on any card", async () => {
    const { app, b } = await digestDay();
    expect((await app.post(aPersonalMessage(ANNA, 'help'))).status).toBe(200);
    app.calls.length = 0;
    const answer = await click(app, ANNA, {
      verb: 'refresh',
      caseId: b.id,
      version: b.version,
      digest: 'arts-support',
    });
    const text = JSON.stringify(answer);
    expect(text).not.toContain('Daily follow-up');
    expect(buttons(answer).some((x) => x.data['digest'] !== undefined)).toBe(false);
  });
});
