import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Case } from '../../src/models/case.js';
import { createRegisterCase } from '../../src/services/lifecycle/register-case.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { type HardenedApp, settleOutbox, type TeamsCall } from '../helpers/hardening-app.js';
import { headsetInput } from '../helpers/orders.js';
import type { SlackUserFixture } from '../helpers/slack-harness.js';
import { aClickOnChannelCard, aPersonalMessage, anActionInvoke, type TestUser } from '../helpers/teams-activities.js';

const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const PETER: TestUser = { id: '29:peter', aadObjectId: 'aad-peter', name: 'Peter Aagaard' };
const KARSTEN: TestUser = { id: '29:karsten', aadObjectId: 'aad-karsten', name: 'Karsten Mose' };
const OLE: TestUser = { id: '29:ole', aadObjectId: 'aad-ole', name: 'Ole Kristoffersen' };
const ANDERS: TestUser = { id: '29:anders', aadObjectId: 'aad-anders', name: 'Anders Lykke' };
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
/**
 * Teams user id → e-mail (catalogue roles: Peter it-support, Karsten ops-general-apps, Ole its supervisor, Anders
 * arts-indkoeb, Jonas arts-support).
 */
const EMAILS: Record<string, string> = {
  '29:anna': 'anna.employee@au.dk',
  '29:peter': 'peter.aagaard@au.dk',
  '29:karsten': 'karsten.mose@au.dk',
  '29:ole': 'ole.kristoffersen@au.dk',
  '29:anders': 'anders.lykke@au.dk',
  '29:jonas': 'jonas.vestergaard@au.dk',
};
/** A Danish-speaking student on Slack. */
const BO: SlackUserFixture = { id: 'U0BO', name: 'Bo Nielsen', email: 'bo.nielsen@post.au.dk', locale: 'da-DK' };

/** The words a person reads in a Teams activity: its text and every text, title, label and value of its cards. */
function visible(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) visible(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'data' || k === 'refresh') continue;
      if (typeof v === 'string' && ['text', 'title', 'label', 'placeholder', 'errorMessage', 'value'].includes(k)) {
        out.push(v);
      } else visible(v, out);
    }
  }
  return out;
}
const shown = (c: TeamsCall): string => [c.body.text ?? '', ...visible(c.body.attachments ?? [])].join('\n');

/** What no person should ever read. */
const LEAKS = [/undefined/, /\[object Object\]/, /\bNaN\b/, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/];
function expectClean(texts: string[]): void {
  for (const text of texts) for (const leak of LEAKS) expect(text, text).not.toMatch(leak);
}

describe('QA journeys through the real app (Teams)', () => {
  const apps = appPerTest('qa-journeys-');
  let h: HardenedApp;

  beforeEach(async () => {
    // A journey sends more than a burst of messages: the rate limit has tests of its own.
    h = await apps.start(() => ({ teamsEmails: EMAILS, slackUsers: [BO], rateLimit: false }));
    // Deliveries are driven by the test (settle), never by a timer.
    await h.app.services.dispatcher.stop();
  });

  /** Delivers everything the outbox holds. */
  const settle = () => settleOutbox(h);

  /** Anna writes in her personal chat; returns what she was shown in answer (after the outbox ran). */
  async function say(user: TestUser, text: string, locale = 'en-US'): Promise<string[]> {
    const before = h.teamsCalls.length;
    const res = await h.teams(aPersonalMessage(user, text, { locale }));
    expect(res.status).toBe(200);
    await settle();
    return h.teamsCalls
      .slice(before)
      .filter((c) => c.path.includes(`personal-${user.id}`))
      .map(shown);
  }

  /** Answers the intake by chat text until it registers; returns the case. */
  async function report(user: TestUser, description: string, answers: string[], locale = 'en-US'): Promise<Case> {
    for (const text of [description, ...answers]) await say(user, text, locale);
    const [c] = await h.app.services.store.findCases({ personId: `teams:${user.aadObjectId}`, limit: 1 });
    if (!c) throw new Error('no case was registered');
    return c;
  }

  /**
   * A click on the case's active Teams channel card (or, `personal`, on a card in the user's chat; or on the card
   * in the channel of the group `where` names).
   */
  async function click(
    user: TestUser,
    caseId: string,
    data: Record<string, unknown>,
    where: 'channel' | 'personal' | { groupId: string } = 'channel',
  ): Promise<{ card: string; sent: TeamsCall[] }> {
    const c = await h.app.services.store.getCase(caseId);
    const ref = [...(c?.cards ?? [])]
      .reverse()
      .find((k) => k.platform === 'teams' && (typeof where === 'object' ? k.groupId === where.groupId : k.active));
    const clicked = { caseId, version: c?.version, ...data };
    const activity =
      where === 'personal' ? anActionInvoke(user, clicked, where) : aClickOnChannelCard(user, ref, clicked);
    const before = h.teamsCalls.length;
    const res = await h.teams(activity);
    const body = (await res.json()) as { value?: unknown };
    await settle();
    return { card: visible(body.value).join('\n'), sent: h.teamsCalls.slice(before) };
  }
  const toAnna = (sent: TeamsCall[]) =>
    sent
      .filter((c) => c.path.includes('personal-29:anna'))
      .map(shown)
      .join('\n');

  /** English answers for a printing case routed to the central dispatch (faculty "Don't know"). */
  const PRINTER_ANSWERS = [
    '1', // area: printing
    '1', // type: incident
    'The printer on floor 2 shows nothing', // what
    'Building 1481, floor 2', // where
    '5', // faculty: don't know / central administration
    'Only me', // who
    'Since this morning', // when
    'P-1481-2', // printer name
    '1', // what is it about
    'yes', // colleagues too
    'no', // known solutions did not help
    '2', // urgency
    'confirm',
  ];

  it('walks a printer case from the report to the evaluation when every step is taken in English', async () => {
    const texts: string[] = [];
    const c = await report(ANNA, 'printer on floor 2 does not print', PRINTER_ANSWERS);
    expect(c.number).toBe('INC-000001');
    expect(c.groupId).toBe('it-support');

    const claim = await click(PETER, c.id, { verb: 'claim' });
    expect(toAnna(claim.sent)).toContain('Peter Aagaard');
    expect(toAnna(claim.sent)).toContain('INC-000001');
    const question = await click(PETER, c.id, {
      verb: 'set_status',
      status: 'awaiting_user',
      question: 'Which printer exactly?',
    });
    expect(toAnna(question.sent)).toContain('Which printer exactly?');
    const answered = await say(ANNA, 'The one by the stairs');
    expect(answered.join('\n')).toContain('INC-000001');
    expect((await h.app.services.store.getCase(c.id))?.status).toBe('in_progress');

    const escalated = await click(PETER, c.id, {
      verb: 'escalate_group',
      groupId: 'ops-general-apps',
      reason: 'Print server',
    });
    expect(toAnna(escalated.sent)).toContain('Operations: General applications');
    await click(KARSTEN, c.id, { verb: 'claim' });
    const manager = await click(KARSTEN, c.id, {
      verb: 'escalate_manager',
      reasonCode: 'complaint',
      reason: 'User unhappy',
    });
    expect(manager.sent.map(shown).join('\n')).toContain('Ole Kristoffersen');
    await click(OLE, c.id, { verb: 'acknowledge_escalation' });

    const solved = await click(KARSTEN, c.id, { verb: 'resolve', solution: 'Restarted the print server' });
    expect(toAnna(solved.sent)).toContain('Restarted the print server');
    const reopened = await click(ANNA, c.id, { verb: 'still_a_problem', comment: 'Still nothing' }, 'personal');
    expect(reopened.card).toContain('reopened');
    expect((await h.app.services.store.getCase(c.id))?.status).toBe('in_progress');
    await click(KARSTEN, c.id, { verb: 'resolve', solution: 'Replaced the fuser' });
    const closed = await click(PETER, c.id, { verb: 'close' }, 'personal');
    expect(toAnna(closed.sent)).toContain('closed');
    const rated = await click(ANNA, c.id, { verb: 'evaluate', score: 5 }, 'personal');
    expect(rated.card).toContain('5/5');

    texts.push(...(await say(ANNA, 'status INC-000001')), ...(await say(ANNA, 'mine')), ...(await say(ANNA, 'help')));
    expect(texts.join('\n')).toContain('Replaced the fuser');
    texts.push(...h.teamsCalls.map(shown));
    expectClean(texts);
  });

  it("posts the card of a case the user solved with a known solution into the group's channel when she reopens it", async () => {
    // As the printer case, but Anna picks the first known solution at its step ("This solved it").
    const c = await report(ANNA, 'printer on floor 2 does not print', [...PRINTER_ANSWERS.slice(0, 10), '1']);
    expect(c).toMatchObject({ status: 'resolved', quick: true, groupId: 'it-support' });
    const channel = '19:it-support@thread.tacv2';
    // Posted to the channel (its id in the body) or replied in the thread of its card (in the path).
    const toChannel = () =>
      h.teamsCalls.filter((k) => k.path.includes(channel) || JSON.stringify(k.body).includes(channel));
    expect(toChannel()).toEqual([]);

    await click(ANNA, c.id, { verb: 'still_a_problem', comment: 'Still nothing' }, 'personal');
    const sent = toChannel().map((k) => JSON.stringify(k.body));
    // The card first (with Claim), then the reopen in its thread.
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain('"verb":"claim"');
    expect(sent[1]).toContain('Still nothing');
    await click(PETER, c.id, { verb: 'claim' });
    expect((await h.app.services.store.getCase(c.id))?.assignee?.name).toBe('Peter Aagaard');
    expectClean(h.teamsCalls.map(shown));
  });

  it("puts a working Close on the owner's channel card when the desk resolved the case, in the desk's language", async () => {
    // Anna writes English; the channels speak the deployment's language (DEFAULT_LOCALE da), as their threads do.
    const c = await report(ANNA, 'printer on floor 2 does not print', PRINTER_ANSWERS);
    // A new channel post carries its card in `activity`.
    const posted = h.teamsCalls
      .filter((k) => JSON.stringify(k.body).includes('19:it-support@thread.tacv2'))
      .map((k) => visible(k.body).join('\n'))
      .join('\n');
    expect(posted).toContain('Tag sagen');
    expect(posted).not.toContain('Claim');

    await click(PETER, c.id, { verb: 'claim' });
    await click(PETER, c.id, { verb: 'escalate_group', groupId: 'ops-general-apps', reason: 'Print server' });
    await click(KARSTEN, c.id, { verb: 'claim' });
    const solved = await click(KARSTEN, c.id, { verb: 'resolve', solution: 'Restarted the print server' });

    const after = await h.app.services.store.getCase(c.id);
    const ownerRef = after?.cards.find((k) => k.groupId === 'it-support');
    const deskRef = after?.cards.find((k) => k.groupId === 'ops-general-apps');
    expect(ownerRef?.active).toBe(false);
    const updateOf = (conversationId: string | undefined) =>
      solved.sent.filter((k) => conversationId && decodeURIComponent(k.path).includes(`${conversationId}/activities/`));
    // The owner's card: replaced in place with the working card, Close and Return to technician on it.
    const owner = JSON.stringify(updateOf(ownerRef?.conversationId).map((k) => k.body.attachments));
    expect(owner).toContain('"verb":"close"');
    expect(owner).toContain('"verb":"return_to_technician"');
    expect(owner).toContain('tilbage hos AU IT Support');
    // The desk's card shows the case solved, without the buttons only 1st level may use.
    const desk = updateOf(deskRef?.conversationId).filter((k) => k.body.type === 'message' && k.body.attachments);
    expect(desk.length).toBeGreaterThan(0);
    expect(JSON.stringify(desk.map((k) => k.body.attachments))).not.toContain('"verb":"close"');

    // Peter closes from the owner's card.
    await click(PETER, c.id, { verb: 'close' }, { groupId: 'it-support' });
    expect((await h.app.services.store.getCase(c.id))?.status).toBe('closed');
    expectClean(h.teamsCalls.map(shown));
  });

  it("posts a card with Close to the owner's channel when the desk a purchase went straight to resolves it", async () => {
    const anna = { id: `teams:${ANNA.aadObjectId}`, name: ANNA.name, email: EMAILS['29:anna'], locale: 'en' as const };
    // Registered as the intake does (the order conversation is a journey of its own): same store, same routing.
    const { store, catalogue, calendar, clock, config } = h.app.services;
    const register = createRegisterCase({ store, catalogue, calendar, clock, defaultLocale: config.defaultLocale });
    const c = await register(headsetInput({ user: anna }), anna);
    await settle();
    const ownerChannel = '19:arts-support@thread.tacv2';
    const postsToOwner = () => h.teamsCalls.filter((k) => JSON.stringify(k.body).includes(ownerChannel));
    expect(c.groupId).toBe('arts-indkoeb');
    expect(postsToOwner()).toEqual([]);

    await click(ANDERS, c.id, { verb: 'claim' });
    await click(ANDERS, c.id, { verb: 'resolve', solution: 'Handed out a Jabra headset' });
    const posted = postsToOwner();
    expect(posted).toHaveLength(1);
    const card = JSON.stringify(posted[0]?.body);
    expect(card).toContain('"verb":"close"');
    expect(card).toContain('"verb":"return_to_technician"');
    expect(card).toContain('tilbage hos ARTS Support');
    const ownerRef = (await h.app.services.store.getCase(c.id))?.cards.find((k) => k.groupId === 'arts-support');
    expect(ownerRef?.active).toBe(false);

    // Jonas (ARTS Support) closes from that card.
    await click(JONAS, c.id, { verb: 'close' }, { groupId: 'arts-support' });
    expect((await h.app.services.store.getCase(c.id))?.status).toBe('closed');
    expect(postsToOwner()).toHaveLength(1);
    expectClean(h.teamsCalls.map(shown));
  });

  /** The same case in Danish: area print, type, answers, faculty Arts, known solutions no, urgency, confirm. */
  const DANISH_ANSWERS = [
    '1',
    '1',
    'Printeren viser ingenting',
    'Bygning 1481, 2. sal',
    '1', // Arts
    'Kun mig',
    'Siden i morges',
    'P-1481-2',
    '1',
    'ja',
    'nej',
    '2',
  ];

  it('keeps a Danish report in Danish from the first card to the status card when the user writes Danish', async () => {
    for (const text of ['printeren på 2. sal printer ikke', ...DANISH_ANSWERS]) await say(ANNA, text, 'da-DK');
    const summary = (await say(ANNA, 'bekræft', 'da-DK')).join('\n');
    expect(summary).toContain('Din sag er registreret som INC-000001, og ARTS Support har den');
    const status = (await say(ANNA, 'status INC-000001', 'da-DK')).join('\n');
    expect(status).toContain('Registreret');
    // The type the user chose in the intake ("Hændelse") is what the case card shows.
    expect(status).toContain('Hændelse');
    expect(status).not.toMatch(/\b(Incident|Registered|Unassigned|Category|User)\b/);
    expectClean(h.teamsCalls.map(shown));
  });

  it('does not promise that more text written after the confirmation lands in the case, in either language', async () => {
    for (const [answers, locale, description] of [
      [PRINTER_ANSWERS, 'en-US', 'printer on floor 2 does not print'],
      [[...DANISH_ANSWERS, 'bekræft'], 'da-DK', 'printeren på 2. sal printer ikke'],
    ] as const) {
      let confirmation = '';
      for (const text of [description, ...answers]) confirmation = (await say(ANNA, text, locale)).join('\n');
      expect(confirmation).toMatch(/INC-00000\d/);
      // Writing more here starts a new report (it does not reach the case) ...
      const more = (await say(ANNA, 'The printer is an HP', locale)).join('\n');
      expect(more).toMatch(/New case|Ny sag/);
      await say(ANNA, 'cancel', locale);
      // ... so the confirmation must not say it does.
      expect(confirmation).not.toMatch(/Answer here|Svar her/);
    }
  });

  it('lands the answer to a question in the case when an unfinished intake was started before the question', async () => {
    const c = await report(ANNA, 'printer on floor 2 does not print', PRINTER_ANSWERS);
    await click(PETER, c.id, { verb: 'claim' });
    // Anna starts describing something else and leaves that intake unfinished ...
    await say(ANNA, 'I forgot: the printer is an HP');
    // ... then Peter's question arrives, saying "just reply here".
    const question = await click(PETER, c.id, {
      verb: 'set_status',
      status: 'awaiting_user',
      question: 'Which printer exactly?',
    });
    expect(toAnna(question.sent)).toContain('Just reply here');

    const answered = await say(ANNA, 'The one by the stairs');
    expect(answered.join('\n')).toContain('INC-000001');
    const after = await h.app.services.store.getCase(c.id);
    expect(after?.status).toBe('in_progress');
    expect(after?.notes[0]?.text).toBe('The one by the stairs');
  });

  it('keeps an intake started after the question going when the user writes in it', async () => {
    const c = await report(ANNA, 'printer on floor 2 does not print', PRINTER_ANSWERS);
    await click(PETER, c.id, { verb: 'claim' });
    await click(PETER, c.id, { verb: 'set_status', status: 'awaiting_user', question: 'Which printer exactly?' });
    // Anna answered the question first, then started a second report: its answers stay in the intake.
    await say(ANNA, 'The one by the stairs');
    await click(PETER, c.id, { verb: 'set_status', status: 'awaiting_user', question: 'And its number?' });
    await say(ANNA, 'new');
    const shownNext = await say(ANNA, 'My VPN does not connect');
    expect(shownNext.join('\n')).not.toContain('INC-000001');
    expect((await h.app.services.store.getCase(c.id))?.status).toBe('awaiting_user');
  });

  /** Bo writes a DM to the bot; returns the texts of what the bot posted into the DM in answer. */
  let events = 0;
  async function dm(text: string): Promise<string> {
    events += 1;
    const posts = () => h.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'D0BO');
    const before = posts().length;
    const event = {
      type: 'message',
      channel_type: 'im',
      channel: 'D0BO',
      user: BO.id,
      text,
      ts: `170000${events}.0001`,
    };
    const res = await h.slack({
      kind: 'event',
      json: { type: 'event_callback', team_id: 'T0AU', api_app_id: 'A0APP', event_id: `EvQa${events}`, event: event },
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(posts().length).toBeGreaterThan(before));
    return posts()
      .slice(before)
      .map((c) => `${c.body['text'] ?? ''}\n${c.body['blocks'] ?? ''}`)
      .join('\n');
  }

  it('answers "status <number>" and "mit" in a Slack DM as the registered view says, instead of starting a report', async () => {
    let confirmation = '';
    for (const text of ['printeren på 2. sal printer ikke', ...DANISH_ANSWERS, 'bekræft'])
      confirmation = await dm(text);
    expect(confirmation).toContain('INC-000001');
    expect(confirmation).toContain('"status INC-000001"');

    const status = await dm('status INC-000001');
    expect(status).toContain('INC-000001: Printeren viser ingenting');
    expect(status).toContain('Registreret');
    expect(status).not.toContain('Ny sag');
    const mine = await dm('mit');
    expect(mine).toContain('Dine sager');
    expect(mine).toContain('INC-000001');
    // A description that merely starts with the word is still a report.
    expect(await dm('status INC-000001 is wrong, the printer still fails')).toContain('Ny sag');
  });
});
