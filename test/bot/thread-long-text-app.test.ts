import { describe, expect, it } from 'vitest';
import type { CardAction } from '../../src/cards/card-actions.js';
import type { Case, Person } from '../../src/models/case.js';
import type { OutboxDraft } from '../../src/models/case-store.js';
import { postCardDraft } from '../../src/services/outbox/deliveries.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { buildNewCase } from '../helpers/case-builder.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { expectAllOf, longText } from '../helpers/long-text.js';
import { people } from '../helpers/people.js';
import { okCase } from '../helpers/services.js';
import { artsWifiCase } from '../helpers/user-reply-case.js';
import {
  ANNA,
  anActionInvoke,
  aPersonalMessage,
  personalConversation,
  type TestUser,
} from '../helpers/teams-activities.js';

const apps = appPerTest('thread-long-text-');
const ANNA_EMAIL = 'anna.jensen@cas.au.dk';
/** ARTS Support's channels (config/catalogue.yaml), where the case's cards and their threads are. */
const TEAMS_CHANNEL = '19:arts-support@thread.tacv2';
const SLACK_CHANNEL = 'C0ARTSSUP';

const annaInTeams: Person = { id: `teams:${ANNA.aadObjectId}`, name: ANNA.name, email: ANNA_EMAIL, locale: 'en' };

/** Anna's Wi-Fi case of ARTS Support, its cards posted in the group's Teams and Slack channels. */
async function annasCase(app: HardenedApp): Promise<Case> {
  const c = await app.app.services.store.createCase(
    buildNewCase({
      title: 'No wifi',
      categoryId: 'wifi-eduroam',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      user: annaInTeams,
      locale: 'en',
    }),
    (s): OutboxDraft[] => [postCardDraft(s, 'arts-support')],
  );
  await expect
    .poll(async () => (await app.app.services.store.getCase(c.id))?.cards.map((k) => k.platform).sort(), {
      timeout: 10_000,
    })
    .toEqual(['slack', 'teams']);
  return (await app.app.services.store.getCase(c.id))!;
}

/**
 * The app (no rate limit, `env` added to its settings) with Anna known in Teams, and `alsoInTeams` (by Teams user id)
 * too; Anna, then each of `greeting`, has written "help" to the bot; Anna's case (`annasCase`).
 */
async function annasCaseInApp(
  opts: { env?: Record<string, string>; alsoInTeams?: Record<string, string>; greeting?: TestUser[] } = {},
): Promise<{ app: HardenedApp; c: Case }> {
  const app = await apps.start(() => ({
    rateLimit: false,
    teamsEmails: { [ANNA.id]: ANNA_EMAIL, ...opts.alsoInTeams },
    ...(opts.env ? { env: opts.env } : {}),
  }));
  for (const user of [ANNA, ...(opts.greeting ?? [])]) {
    expect((await app.teams(aPersonalMessage(user, 'help'))).status).toBe(200);
  }
  return { app, c: await annasCase(app) };
}

/** `actor` acts on the case as stored now, through the case service (as a card click or form). */
async function act(app: HardenedApp, actor: Person, c: Case, action: Record<string, unknown>): Promise<Case> {
  const fresh = (await app.app.services.store.getCase(c.id))!;
  return okCase(
    await app.app.services.cases.act(actor, { ...action, caseId: fresh.id, version: fresh.version } as CardAction),
  );
}

/** Jonas acts on the case as stored now, through the case service (as a card click or form). */
function jonas(app: HardenedApp, c: Case, action: Record<string, unknown>): Promise<Case> {
  return act(app, people.jonas, c, action);
}

/**
 * Every TextBlock's text of an Adaptive Card (or anything holding one), in order; a case card attached to a message
 * (an emphasised container, which shows the latest notes cut) left out.
 */
function textBlocks(node: unknown): string[] {
  const texts: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o['type'] === 'Container' && o['style'] === 'emphasis') return;
      if (o['type'] === 'TextBlock' && typeof o['text'] === 'string') texts.push(o['text']);
      Object.values(o).forEach(walk);
    }
  };
  walk(node);
  return texts;
}

/** The texts of the messages in `user`'s personal Teams chat from `since` on, and whether each has a case card. */
function teamsChat(
  app: HardenedApp,
  user: TestUser,
  since: number,
  containing: string,
): { text: string; card: boolean }[] {
  const chat = personalConversation(user).id;
  return app.teamsCalls
    .slice(since)
    .filter((c) => decodeURIComponent(c.path).includes(chat))
    .map((c) => ({
      text: textBlocks(c.body.attachments?.map((a) => a.content)).join('\n\n'),
      card: JSON.stringify(c.body).includes('"style":"emphasis"'),
    }))
    .filter((m) => m.text.includes(containing));
}

/** A block of a Slack message, as far as these tests read it. */
type SlackBlock = { type?: string; text?: { text?: string } };

/** The blocks of the messages in Slack DM `channel` from `since` on. */
function slackDmBlocks(app: HardenedApp, channel: string, since: number): SlackBlock[][] {
  return app.slackCalls
    .slice(since)
    .filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel)
    .map((c) => JSON.parse(c.body['blocks'] ?? '[]') as SlackBlock[]);
}

/** The texts of a Slack message's section blocks. */
function sections(blocks: SlackBlock[]): string {
  return blocks
    .filter((b) => b.type === 'section')
    .map((b) => b.text?.text ?? '')
    .join('\n\n');
}

/** How many of the buttons "Yes, solved" and "No, still a problem" each of the Slack messages has. */
function solvedButtons(messages: SlackBlock[][]): number[] {
  return messages.map(
    (blocks) => (JSON.stringify(blocks).match(/"action_id":"(confirm_solved|still_a_problem)"/g) ?? []).length,
  );
}

/** The texts (section blocks) of the messages in Slack DM `channel` from `since` on. */
function slackDm(app: HardenedApp, channel: string, since: number, containing: string): string[] {
  return slackDmBlocks(app, channel, since)
    .map(sections)
    .filter((t) => t.includes(containing));
}

/** The texts of the replies in the case card's thread in ARTS Support's Teams channel from `since` on. */
function teamsThread(app: HardenedApp, since: number, containing: string): string[] {
  return app.teamsCalls
    .slice(since)
    .filter((c) => {
      const path = decodeURIComponent(c.path);
      return path.includes(`${TEAMS_CHANNEL};messageid=`) && /\/activities\/[^/]+$/.test(path);
    })
    .map((c) => textBlocks(c.body.attachments?.map((a) => a.content)).join('\n\n'))
    .filter((t) => t.includes(containing));
}

/** The texts (section blocks) of the replies in the case card's thread in ARTS Support's Slack channel. */
function slackThread(app: HardenedApp, since: number, containing: string): string[] {
  return app.slackCalls
    .slice(since)
    .filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === SLACK_CHANNEL && c.body['thread_ts'])
    .map((c) =>
      (JSON.parse(c.body['blocks'] ?? '[]') as { text?: { text?: string } }[])
        .map((b) => b.text?.text ?? '')
        .join('\n\n'),
    )
    .filter((t) => t.includes(containing));
}

/** Waits for `read` to give `part 1 of N` and then N messages numbered in order; returns them. */
async function inParts(read: () => string[]): Promise<string[]> {
  await expect.poll(() => read().length, { timeout: 10_000 }).toBeGreaterThan(0);
  const n = Number(/part 1 of (\d+):/.exec(read()[0] ?? '')?.[1]);
  expect(n).toBeGreaterThan(1);
  await expect.poll(() => read().length, { timeout: 10_000 }).toBe(n);
  const got = read();
  for (const [i, t] of got.entries()) expect(t).toContain(`part ${i + 1} of ${n}:`);
  return got;
}

describe("a long note or user text reaches the staff in the case card's thread whole", () => {
  it('a long public note, in parts in the Teams and the Slack thread; a short one as one reply', async () => {
    // The channels' threads in English.
    const { app, c } = await annasCaseInApp({ env: { DEFAULT_LOCALE: 'en' } });
    const { text, sentences } = longText(20_000);

    let teams = app.teamsCalls.length;
    let slack = app.slackCalls.length;
    await jonas(app, c, { verb: 'note', text, visibility: 'public' });
    const who = 'Jonas Vestergaard (ARTS Support) (sent to the user)';
    for (const got of [
      await inParts(() => teamsThread(app, teams, who)),
      await inParts(() => slackThread(app, slack, who)),
    ]) {
      expect(got[0]).toContain(`${who} – part 1 of ${got.length}:`);
      expect(got[0]).toContain(`The note is long, so it comes in ${got.length} messages, one after the other.`);
      expectAllOf(got, sentences);
    }

    // A short internal note: one reply, unnumbered.
    teams = app.teamsCalls.length;
    slack = app.slackCalls.length;
    await jonas(app, c, { verb: 'note', text: 'Checked the access point logs.', visibility: 'internal' });
    const internal = 'Jonas Vestergaard (ARTS Support) (internal note):';
    await expect.poll(() => teamsThread(app, teams, internal).length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => slackThread(app, slack, internal).length, { timeout: 10_000 }).toBe(1);
    expect(teamsThread(app, teams, internal)[0]).not.toContain('part 1');
    expect(teamsThread(app, teams, internal)[0]).toContain('Checked the access point logs.');
  }, 60_000);

  it("a long internal note in Danish, and a user's long addition and answer, in parts in both threads", async () => {
    const { app, c } = await annasCaseInApp();
    await jonas(app, c, { verb: 'claim' });

    // The threads speak the desk's language (DEFAULT_LOCALE, Danish here).
    const danish = longText(8_000, 'intern');
    let teams = app.teamsCalls.length;
    let slack = app.slackCalls.length;
    await jonas(app, c, { verb: 'note', text: danish.text, visibility: 'internal' });
    const dn = 'Jonas Vestergaard (ARTS Support) (intern note)';
    for (const read of [() => teamsThread(app, teams, dn), () => slackThread(app, slack, dn)]) {
      await expect.poll(() => read().length, { timeout: 10_000 }).toBeGreaterThan(0);
      const n = Number(/del 1 af (\d+):/.exec(read()[0] ?? '')?.[1]);
      expect(n).toBeGreaterThan(1);
      await expect.poll(() => read().length, { timeout: 10_000 }).toBe(n);
      expect(read()[0]).toContain(`Noten er lang, så den kommer i ${n} beskeder efter hinanden.`);
      for (const [i, t] of read().entries()) expect(t).toContain(`${dn} – del ${i + 1} af ${n}:`);
      expectAllOf(read(), danish.sentences);
    }

    // Anna adds a long text to her case from her Teams chat.
    const added = longText(7_000, 'added');
    teams = app.teamsCalls.length;
    slack = app.slackCalls.length;
    expect((await app.teams(aPersonalMessage(ANNA, `add ${c.number} ${added.text}`))).status).toBe(200);
    const ad = `${ANNA.name} har tilføjet til sagen`;
    for (const read of [() => teamsThread(app, teams, ad), () => slackThread(app, slack, ad)]) {
      await expect.poll(() => read().length, { timeout: 10_000 }).toBeGreaterThan(1);
      const n = Number(/del 1 af (\d+):/.exec(read()[0] ?? '')?.[1]);
      await expect.poll(() => read().length, { timeout: 10_000 }).toBe(n);
      expect(read()[0]).toContain(`Teksten er lang, så den kommer i ${n} beskeder efter hinanden.`);
      expectAllOf(read(), added.sentences);
    }

    // Jonas asks; her long answer, written straight back.
    await jonas(app, c, { verb: 'set_status', status: 'awaiting_user', question: 'Which rooms?' });
    const answer = longText(6_000, 'answer');
    teams = app.teamsCalls.length;
    slack = app.slackCalls.length;
    expect((await app.teams(aPersonalMessage(ANNA, answer.text))).status).toBe(200);
    const re = `${ANNA.name} har svaret (sagen er i gang igen)`;
    for (const read of [() => teamsThread(app, teams, re), () => slackThread(app, slack, re)]) {
      await expect.poll(() => read().length, { timeout: 10_000 }).toBeGreaterThan(1);
      const n = Number(/del 1 af (\d+):/.exec(read()[0] ?? '')?.[1]);
      await expect.poll(() => read().length, { timeout: 10_000 }).toBe(n);
      for (const [i, t] of read().entries()) expect(t).toContain(`${re} – del ${i + 1} af ${n}:`);
      expectAllOf(read(), answer.sentences);
    }
    expect((await app.app.services.store.getCase(c.id))?.status).toBe('in_progress');
  }, 60_000);

  it("a user's long addition reaches the assignee and the named case owner personally whole, in parts", async () => {
    // Jonas (ARTS Support) on Teams, Thor (the network team) on Slack.
    const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
    const jonasInTeams: Person = { id: 'teams:aad-jonas', name: JONAS.name, email: 'jonas.vestergaard@au.dk' };
    const thorInSlack: Person = { id: 'slack:U0THOR', name: 'Thor Aaes', email: 'thor.aaes@au.dk' };
    const { app, c } = await annasCaseInApp({
      alsoInTeams: { [JONAS.id]: jonasInTeams.email! },
      greeting: [JONAS],
    });
    const as = (actor: Person, action: Record<string, unknown>) => act(app, actor, c, action);
    // Jonas claims it (its case owner) and passes it to the network team, where Thor takes it.
    await as(jonasInTeams, { verb: 'claim' });
    await as(jonasInTeams, { verb: 'escalate_group', groupId: 'ops-network', reason: 'The access point is down' });
    const taken = await as(thorInSlack, { verb: 'claim' });
    expect(taken.caseOwner?.id).toBe(jonasInTeams.id);

    const added = longText(7_000, 'added');
    const teams = app.teamsCalls.length;
    const slack = app.slackCalls.length;
    expect((await app.teams(aPersonalMessage(ANNA, `add ${c.number} ${added.text}`))).status).toBe(200);

    // Thor, who has it: `INC-…: Anna … har tilføjet til sagen – del 1 af N:` … (staff hear the desk's Danish).
    const toThor = () => slackDm(app, 'DU0THOR', slack, `${c.number}: ${ANNA.name} har tilføjet til sagen`);
    await expect.poll(() => toThor().length, { timeout: 10_000 }).toBeGreaterThan(1);
    const n = Number(/del 1 af (\d+):/.exec(toThor()[0] ?? '')?.[1]);
    await expect.poll(() => toThor().length, { timeout: 10_000 }).toBe(n);
    for (const [i, t] of toThor().entries()) expect(t).toContain(`– del ${i + 1} af ${n}:`);
    expect(toThor()[0]).toContain(`Teksten er lang, så den kommer i ${n} beskeder efter hinanden.`);
    expectAllOf(toThor(), added.sentences);

    // Jonas, its case owner (in English, as his Teams chat is): the same parts, the case card once, under the first.
    const toJonas = () => teamsChat(app, JONAS, teams, `${ANNA.name} added to case ${c.number}`);
    await expect.poll(() => toJonas().length, { timeout: 10_000 }).toBe(n);
    for (const [i, m] of toJonas().entries()) {
      expect(m.text).toContain(`which you own and Operations: Network has now – part ${i + 1} of ${n}:`);
      expect(m.card).toBe(i === 0);
    }
    expect(toJonas()[0]?.text).toContain(`The text is long, so it comes in ${n} messages, one after the other.`);
    expectAllOf(
      toJonas().map((m) => m.text),
      added.sentences,
    );
  }, 60_000);
});

/** The Adaptive Card elements of `type` in a Teams activity's attachments, in order. */
function teamsElements(node: unknown, type: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o['type'] === type) found.push(o);
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
    }
  };
  walk(node);
  return found;
}

describe("a long solution reaches the case's user and the thread whole, the question under its last part", () => {
  it('Teams (English): numbered messages, the buttons on the last, which answers; both threads in parts', async () => {
    const { app, c } = await annasCaseInApp({ env: { DEFAULT_LOCALE: 'en' } });
    await jonas(app, c, { verb: 'claim' });
    const { text, sentences } = longText(20_000, 'step');
    const teams = app.teamsCalls.length;
    const slack = app.slackCalls.length;
    await jonas(app, c, { verb: 'resolve', solution: text });

    // Anna's chat: "Jonas … has solved your case INC-… ("No wifi") – part 1 of N:" … all of it, in order.
    const solved = `has solved your case ${c.number} ("No wifi")`;
    const chat = personalConversation(ANNA).id;
    const toAnna = () =>
      app.teamsCalls
        .slice(teams)
        .filter((k) => decodeURIComponent(k.path).includes(chat))
        .map((k) => k.body.attachments?.map((a) => a.content))
        .filter((card) => textBlocks(card).join('\n\n').includes(solved));
    const texts = await inParts(() => toAnna().map((card) => textBlocks(card).join('\n\n')));
    const n = texts.length;
    expect(texts[0]).toContain(`Case ${c.number} is solved`);
    expect(texts[0]).toContain(
      `The solution is long, so it comes in ${n} messages, one after the other. The last one asks whether the problem is solved.`,
    );
    for (const [i, t] of texts.entries()) expect(t.includes('Is the problem solved?')).toBe(i === n - 1);
    expectAllOf(texts, sentences);
    // "Yes, solved" / "No, still a problem" (and what is still wrong) on the last message only.
    const verbs = toAnna().map((card) => teamsElements(card, 'Action.Execute').map((b) => b['verb']));
    expect(verbs.slice(0, -1).flat()).toEqual([]);
    expect(verbs.at(-1)).toEqual(['confirm_solved', 'still_a_problem']);
    // One outbox message each, keyed resolved, resolved-2 …: a retried resolve enqueues none of them again.
    const keys = (await app.app.services.store.listOutbox({ caseId: c.id, limit: 1000 }))
      .map((m) => m.key)
      .filter((k) => k.includes(':send:resolved'));
    expect(keys.map((k) => k.split(':send:')[1]?.split(':')[0]).sort()).toEqual(
      ['resolved', ...Array.from({ length: n - 1 }, (_, i) => `resolved-${i + 2}`)].sort(),
    );

    // The group's threads get the whole solution too.
    const who = 'Jonas Vestergaard (ARTS Support) resolved the case';
    for (const got of [
      await inParts(() => teamsThread(app, teams, who)),
      await inParts(() => slackThread(app, slack, who)),
    ]) {
      expect(got[0]).toContain(`The solution is long, so it comes in ${got.length} messages, one after the other.`);
      expectAllOf(got, sentences);
    }

    // `add` to the solved case points her to the last of those messages, where the buttons are.
    const before = app.teamsCalls.length;
    expect((await app.teams(aPersonalMessage(ANNA, `add ${c.number} It still drops`))).status).toBe(200);
    const pointed = 'press "No, still a problem" on the last of the messages about the solution';
    await expect
      .poll(() => app.teamsCalls.slice(before).some((k) => textBlocks(k.body.attachments).join('').includes(pointed)), {
        timeout: 10_000,
      })
      .toBe(true);

    // Her "Yes, solved" on the last message answers the question.
    const yes = teamsElements(toAnna().at(-1), 'Action.Execute').find((b) => b['verb'] === 'confirm_solved');
    const res = await app.teams(anActionInvoke(ANNA, yes?.['data'] as Record<string, unknown>));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Case ${c.number} will be closed once support has checked the solution.`);
    expect((await app.app.services.store.getCase(c.id))?.history.at(-1)?.action).toBe('user_confirmed');
  }, 60_000);

  it('Slack (Danish): numbered messages in the DM, titled on the first, the buttons on the last; the threads too', async () => {
    const app = await apps.start(() => ({ rateLimit: false }));
    const bo: Person = { id: 'slack:U0BO', name: 'Bo Nielsen', email: 'bo.nielsen@cas.au.dk', locale: 'da' };
    const store = app.app.services.store;
    const c = await store.createCase(
      buildNewCase({
        title: 'Printeren printer ikke',
        categoryId: 'wifi-eduroam',
        groupId: 'arts-support',
        ownerGroupId: 'arts-support',
        user: bo,
        locale: 'da',
      }),
      (s): OutboxDraft[] => [postCardDraft(s, 'arts-support')],
    );
    await expect.poll(async () => (await store.getCase(c.id))?.cards.length, { timeout: 10_000 }).toBe(2);
    await jonas(app, c, { verb: 'claim' });
    const { text, sentences } = longText(9_000, 'trin');
    const slack = app.slackCalls.length;
    const teams = app.teamsCalls.length;
    await jonas(app, c, { verb: 'resolve', solution: text });

    const toBo = () =>
      slackDmBlocks(app, 'DU0BO', slack).filter((blocks) =>
        JSON.stringify(blocks).includes(`har løst din sag ${c.number}`),
      );
    await expect.poll(() => toBo().length, { timeout: 10_000 }).toBeGreaterThan(1);
    const n = Number(/del 1 af (\d+):/.exec(sections(toBo()[0] ?? []))?.[1]);
    expect(n).toBeGreaterThan(1);
    await expect.poll(() => toBo().length, { timeout: 10_000 }).toBe(n);
    const texts = toBo().map(sections);
    for (const [i, t] of texts.entries()) {
      expect(t).toContain(`har løst din sag ${c.number} ("Printeren printer ikke") – del ${i + 1} af ${n}:`);
      expect(t.includes('Er problemet løst?')).toBe(i === n - 1);
    }
    expect(texts[0]).toContain(
      `Løsningen er lang, så den kommer i ${n} beskeder efter hinanden. Den sidste spørger, om problemet er løst.`,
    );
    expect(JSON.stringify(toBo()[0]?.find((b) => b.type === 'header'))).toContain(`Sag ${c.number} er løst`);
    expectAllOf(texts, sentences);
    expect(solvedButtons(toBo())).toEqual([...Array(n - 1).fill(0), 2]);

    // The threads in the desk's Danish (DEFAULT_LOCALE).
    const dn = 'Jonas Vestergaard (ARTS Support) har løst sagen';
    for (const read of [() => teamsThread(app, teams, dn), () => slackThread(app, slack, dn)]) {
      await expect.poll(() => read().length, { timeout: 10_000 }).toBeGreaterThan(1);
      const m = Number(/del 1 af (\d+):/.exec(read()[0] ?? '')?.[1]);
      await expect.poll(() => read().length, { timeout: 10_000 }).toBe(m);
      expect(read()[0]).toContain(`Løsningen er lang, så den kommer i ${m} beskeder efter hinanden.`);
      for (const [i, t] of read().entries()) expect(t).toContain(`${dn} – del ${i + 1} af ${m}:`);
      expectAllOf(read(), sentences);
    }
  }, 60_000);

  it("a major incident's long update reaches its thread in parts; its long solution each linked user, in Danish", async () => {
    const app = await apps.start(() => ({ rateLimit: false, env: { DEFAULT_LOCALE: 'en' } }));
    const store = app.app.services.store;
    /** A case of ARTS Support for `user`, its cards posted in the group's Teams and Slack channels. */
    const reported = async (user: Person, title: string): Promise<Case> => {
      const c = await artsWifiCase(app, user, title);
      await expect.poll(async () => (await store.getCase(c.id))?.cards.length, { timeout: 10_000 }).toBe(2);
      return (await store.getCase(c.id))!;
    };
    const major = await reported(
      { id: 'slack:U0BO', name: 'Bo Nielsen', email: 'bo@au.dk', locale: 'en' },
      'Wifi down',
    );
    const eva: Person = { id: 'slack:U0EVA', name: 'Eva Holm', email: 'eva.holm@au.dk', locale: 'da' };
    const report = await reported(eva, 'Intet wifi i kantinen');
    await jonas(app, major, { verb: 'claim' });
    await jonas(app, major, { verb: 'declare_major', summaryDa: 'Wifi er nede', summaryEn: 'Wifi is down' });
    await jonas(app, report, { verb: 'link_major', parentNumber: major.number });

    // The update in the major incident's thread, in parts as a note's (it is the major incident's public note).
    const update = longText(12_000, 'update');
    let slack = app.slackCalls.length;
    await jonas(app, major, { verb: 'major_update', text: update.text });
    const upd = await inParts(() => slackThread(app, slack, 'Jonas Vestergaard (ARTS Support) (sent to the user)'));
    expectAllOf(upd, update.sentences);

    // Resolved with a long solution: Eva hears it in Danish, in numbered messages, asked on the last.
    const solution = longText(9_000, 'fix');
    slack = app.slackCalls.length;
    await jonas(app, major, { verb: 'resolve', solution: solution.text });
    const toEva = () =>
      slackDmBlocks(app, 'DU0EVA', slack).filter((blocks) =>
        sections(blocks).includes(`Din sag ${report.number} ("Intet wifi i kantinen")`),
      );
    await expect.poll(() => toEva().length, { timeout: 10_000 }).toBeGreaterThan(1);
    const n = Number(/del 1 af (\d+):/.exec(sections(toEva()[0] ?? []))?.[1]);
    expect(n).toBeGreaterThan(1);
    await expect.poll(() => toEva().length, { timeout: 10_000 }).toBe(n);
    const texts = toEva().map(sections);
    for (const [i, t] of texts.entries()) {
      expect(t).toContain(`er derfor løst med samme løsning – del ${i + 1} af ${n}:`);
      expect(t.includes('Virker det for dig igen?')).toBe(i === n - 1);
    }
    expect(texts[0]).toContain(
      `Løsningen er lang, så den kommer i ${n} beskeder efter hinanden. Den sidste spørger, om det virker igen.`,
    );
    expect(JSON.stringify(toEva()[0]?.find((b) => b.type === 'header'))).toContain(`${report.number} er løst`);
    expectAllOf(texts, solution.sentences);
    expect(solvedButtons(toEva())).toEqual([...Array(n - 1).fill(0), 2]);
    expect((await store.getCase(report.id))?.status).toBe('resolved');
  }, 60_000);
});

describe('a long text with the case card: the card makes room, not the text', () => {
  it("the case owner's first part keeps the whole text on Slack beside a full case card, the card cut instead", async () => {
    // Jonas (ARTS Support, the case owner) and Thor (the network team, who has the case) on Slack.
    const jonasInSlack: Person = { id: 'slack:U0JONAS', name: 'Jonas Vestergaard', email: 'jonas.vestergaard@au.dk' };
    const thorInSlack: Person = { id: 'slack:U0THOR', name: 'Thor Aaes', email: 'thor.aaes@au.dk' };
    const { app, c } = await annasCaseInApp();
    const as = (actor: Person, action: Record<string, unknown>) => act(app, actor, c, action);
    // A case whose card is full: two long notes, a solution that did not hold, then passed to the network team.
    await as(jonasInSlack, { verb: 'claim' });
    await as(jonasInSlack, { verb: 'note', text: longText(4_000, 'older').text, visibility: 'internal' });
    await as(jonasInSlack, { verb: 'note', text: longText(4_000, 'older').text, visibility: 'public' });
    await as(jonasInSlack, { verb: 'resolve', solution: longText(1_000, 'tried').text });
    await as(annaInTeams, { verb: 'still_a_problem' });
    await as(jonasInSlack, { verb: 'escalate_group', groupId: 'ops-network', reason: 'The access point is down' });
    await as(thorInSlack, { verb: 'claim' });

    const added = longText(7_000, 'added');
    const slack = app.slackCalls.length;
    expect((await app.teams(aPersonalMessage(ANNA, `add ${c.number} ${added.text}`))).status).toBe(200);
    // Jonas's messages: their own sections (a case card's come after a divider) and whether a card is attached.
    const toJonas = () =>
      slackDmBlocks(app, 'DU0JONAS', slack)
        .map((blocks) => {
          const divider = blocks.findIndex((b) => b.type === 'divider');
          const own = divider < 0 ? blocks : blocks.slice(0, divider);
          return { text: own.map((b) => b.text?.text ?? '').join('\n\n'), card: divider >= 0 };
        })
        .filter((m) => m.text.includes(`${ANNA.name} har tilføjet til sag ${c.number}`));
    await expect.poll(() => toJonas().length, { timeout: 10_000 }).toBeGreaterThan(1);
    const n = Number(/del 1 af (\d+):/.exec(toJonas()[0]?.text ?? '')?.[1]);
    await expect.poll(() => toJonas().length, { timeout: 10_000 }).toBe(n);
    expect(toJonas().map((m) => m.card)).toEqual([true, ...Array(n - 1).fill(false)]);
    expectAllOf(
      toJonas().map((m) => m.text),
      added.sentences,
    );
  }, 60_000);
});
