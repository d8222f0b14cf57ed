import { describe, expect, it } from 'vitest';
import { parseTeamsCommand } from '../../../src/bot/teams/teams-commands.js';
import { okCase } from '../../helpers/services.js';
import { formOf, type SlackHarness, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { slackDm } from '../../helpers/slack-requests.js';

/** A DM from `user` to the bot, as Slack's Events API sends it. */
const dm = (eventId: string, user: { id: string }, text: string) => slackDm(eventId, user, text, { ts: '8.0' });

/** Every string a block holds as its `text` (section text, context elements, buttons), in order. */
function textsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => (k === 'text' && typeof v === 'string' ? [v] : textsOf(v)));
}

/** The texts of every `chat.postMessage` the bot makes from now on, one entry per message. */
function capturePosts(h: SlackHarness): string[] {
  const posted: string[] = [];
  h.api()
    .post('/api/chat.postMessage')
    .reply(200, (_uri, body) => {
      const form = formOf(body);
      const blocks = form['blocks'];
      posted.push(blocks ? textsOf(JSON.parse(blocks)).join('\n') : (form['text'] ?? ''));
      return { ok: true, channel: form['channel'], ts: '1.1' };
    })
    .persist();
  return posted;
}

/** Teams' usage hint for `text` in `locale`, or undefined when Teams reads it otherwise. */
function teamsHint(text: string, locale: 'da' | 'en', isStaff: boolean): string | undefined {
  const parsed = parseTeamsCommand(text, false, isStaff);
  return parsed && !parsed.ok ? parsed.error.message[locale] : undefined;
}

describe('Slack DM: commands with a missing or malformed argument, as in Teams', () => {
  const h = slackHarnessPerTest({}, slackUsers.bo, slackUsers.jonas);

  it('answers "status" without a number, or with a malformed one, with the usage hint Teams gives, and starts no report', async () => {
    const posted = capturePosts(h);
    const texts = ['status', 'status INC-12x', 'Status inc 12x', 'status banana'];
    for (const [i, text] of texts.entries()) await h.send(dm(`EvBadStatus${i}`, slackUsers.bo, text));

    // Bo writes Danish: "Hvilken sag? …" for no number, "… er ikke et sagsnummer" for a bad one.
    const hints = texts.map((t) => teamsHint(t, 'da', false));
    expect(hints.every((hint) => hint?.includes('status INC-000123'))).toBe(true);
    expect(hints[0]).toMatch(/^Hvilken sag\?/);
    expect(hints[1]).toMatch(/^"INC-12x" er ikke et sagsnummer/);
    expect(posted).toEqual(hints);
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(false);
  });

  it('starts a report with a sentence that merely begins with "status", as Teams does', async () => {
    const posted = capturePosts(h);
    const text = 'Status page of the wiki shows an error';
    expect(parseTeamsCommand(text, false, false)).toBeNull();

    await h.send(dm('EvStatusSentence', slackUsers.bo, text));

    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(true);
    expect(posted.join('\n')).not.toContain('sagsnummer');
    expect(posted.join('\n')).not.toContain('Hvilken sag');
  });

  it('takes "Status is unchanged" as the answer when a case awaits it, and gives the usage hint only when none does', async () => {
    const posted = capturePosts(h);
    const bo = await h.person(slackUsers.bo);
    const jonas = await h.person(slackUsers.jonas);
    let c = await h.services.reportWifi(bo);
    c = okCase(await h.services.service.act(jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await h.services.service.act(jonas, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'awaiting_user',
        question: 'Virker det nu?',
      }),
    );

    await h.send(dm('EvStatusAnswer1', slackUsers.bo, 'Status is unchanged'));
    const after = await h.services.store.getCase(c.id);
    expect(after?.status).toBe('in_progress');
    expect(after?.notes.map((n) => n.text)).toEqual(['Status is unchanged']);
    expect(posted.join('\n')).not.toContain('sagsnummer');

    await h.send(dm('EvStatusAnswer2', slackUsers.bo, 'Status is unchanged'));
    expect(posted.at(-1)).toBe(teamsHint('Status is unchanged', 'da', false));
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(false);
  });

  it('answers "queue" in the DM, gives staff the usage hint Teams gives for a malformed group, and takes a user’s "Queue …" sentence as a report', async () => {
    const posted = capturePosts(h);
    const c = await h.services.reportWifi(await h.person(slackUsers.bo));

    await h.send(dm('EvQueue1', slackUsers.jonas, 'queue'));
    expect(posted[0]).toContain(c.number);
    await h.send(dm('EvQueue2', slackUsers.jonas, 'queue arts desk'));
    expect(posted[1]).toBe(teamsHint('queue arts desk', 'en', true));
    expect(posted[1]).toContain('queue «group id»');
    expect(await h.intake.isActive('slack:dm:U0JONAS')).toBe(false);

    // Not staff: the well-formed command is one (the service says it is for staff), anything else a report.
    await h.send(dm('EvQueue3', slackUsers.bo, 'kø'));
    expect(posted).toHaveLength(3);
    expect(posted[2]).not.toContain(c.number);
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(false);
    expect(parseTeamsCommand('Queue in Brightspace is stuck', false, false)).toBeNull();
    await h.send(dm('EvQueue4', slackUsers.bo, 'Queue in Brightspace is stuck'));
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(true);
  });

  it('takes "mine" followed by words as a report, as Teams does', async () => {
    capturePosts(h);
    expect(parseTeamsCommand('mine is broken again', false, false)).toBeNull();
    await h.send(dm('EvMineWords', slackUsers.bo, 'mine is broken again'));
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(true);
  });
});
