import { describe, expect, it } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import { type HardenedApp, teamsText } from '../helpers/hardening-app.js';
import { ANNA, anActionInvoke, aPersonalMessage, personalConversation } from '../helpers/teams-activities.js';

let h: HardenedApp | undefined;

/** Texts people (or attackers) type; each must be answered and kept as plain text. */
const NASTY = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in user text is the point
  'Printer ${1+1} ${$root.secret} {{7*7}}',
  'Help <!channel> <!here> <@U0BOSS> <#C0GENERAL> printer',
  '{"$gt": ""}',
  '{"$where": "sleep(1000)"}',
  '<script>alert(1)</script><b>printer</b> &amp; <img src=x onerror=alert(1)>',
  'Printer\u0000\u0007\u001b[31m broken\r\n\u2028next',
  'הדפסת לא עובדת \u202Eevil\u202C 🖨️🔥👩🏽‍💻',
  // What Slack sends when someone types the characters "<!channel>" themselves (its markup escapes them).
  'Typed &lt;!channel&gt; printer',
];

const apps = appPerTest('hardening-input-');

/** Every string value in a Slack Web API body, JSON fields (blocks, view) unpacked. */
function slackStrings(body: Record<string, string>): string {
  return Object.values(body).join('\n');
}

describe('bad input through the Slack endpoints', () => {
  it('answers every nasty DM and slash-command argument, escapes mentions, and keeps serving', async () => {
    // Rate limiting has its own tests; here one person sends many requests in a row on purpose.
    h = await apps.start(() => ({
      rateLimit: false,
      slackUsers: NASTY.map((_, i) => ({ id: `U0N${i}`, name: `User ${i}`, locale: 'en-US' })),
    }));
    const app = h;
    for (const [i, text] of [...NASTY, 'x'.repeat(100_000)].entries()) {
      const res = await app.slack({
        kind: 'event',
        json: {
          type: 'event_callback',
          event_id: `EvN${i}`,
          team_id: 'T1',
          event: { type: 'message', channel_type: 'im', channel: `D0N${i}`, user: `U0N${i}`, text, ts: `${i}.1` },
        },
      });
      expect(res.status).toBe(200);
      const cmd = await app.slack({
        kind: 'form',
        fields: {
          command: '/incident',
          text: `status ${text}`,
          user_id: `U0N${i}`,
          channel_id: 'C0GENERAL',
          trigger_id: `t${i}`,
          response_url: `https://hooks.slack.test/commands/${i}`,
        },
      });
      expect(cmd.status).toBe(200);
    }
    const count = NASTY.length + 1;
    // Every DM got an answer, every command a response.
    await expect
      .poll(
        () => new Set(app.slackCalls.filter((c) => c.method === 'chat.postMessage').map((c) => c.body['channel'])).size,
        {
          timeout: 10_000,
        },
      )
      .toBe(count);
    await expect.poll(() => app.responses.length, { timeout: 10_000 }).toBe(count);

    const outbound = [
      ...app.slackCalls.filter((c) => c.method.startsWith('chat.')).map((c) => slackStrings(c.body)),
      ...app.responses.map((r) => JSON.stringify(r.body)),
    ].join('\n');
    // Nothing pings: Slack's mentions are read as plain text (@channel, @U0BOSS), which the bot's messages do not
    // turn back into mentions, and a literally typed "<!channel>" goes out escaped.
    for (const ping of ['<!channel>', '<!here>', '<@U0BOSS>', '<#C0GENERAL>']) expect(outbound).not.toContain(ping);
    expect(outbound).toContain('@channel @here @U0BOSS #C0GENERAL');
    expect(outbound).toContain('&lt;!channel&gt;');
    // Stored verbatim (control characters aside) as the conversation's text, never evaluated.
    const state = (await app.app.services.store.getConversation('slack:dm:U0N0'))?.state as { text?: string };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal template syntax must survive
    expect(state.text).toContain('${1+1}');
    const operator = (await app.app.services.store.getConversation('slack:dm:U0N2'))?.state as { text?: string };
    expect(operator.text).toBe('{"$gt": ""}');
    expect((await fetch(`${app.base}/healthz`)).status).toBe(200);
  }, 60_000);
});

describe('bad input through the Teams endpoint', () => {
  it('answers every nasty message with the literal text kept, and every malformed card submission clearly', async () => {
    // Rate limiting has its own tests; here one person sends many requests in a row on purpose.
    h = await apps.start(() => ({ rateLimit: false }));
    const app = h;
    const toAnna = () => app.teamsCalls.filter((c) => c.path.includes(personalConversation(ANNA).id));
    let expected = 0;
    for (const text of [...NASTY, 'y'.repeat(100_000)]) {
      expect((await app.teams(aPersonalMessage(ANNA, 'cancel'))).status).toBe(200);
      expected += 1;
      await expect.poll(() => toAnna().length, { timeout: 5000 }).toBe(expected);
      expect((await app.teams(aPersonalMessage(ANNA, text))).status).toBe(200);
      expected += 1;
      await expect.poll(() => toAnna().length, { timeout: 5000 }).toBeGreaterThanOrEqual(expected);
      expected = toAnna().length;
    }
    const key = `teams:${personalConversation(ANNA).id}:${ANNA.aadObjectId}`;
    const state = (await app.app.services.store.getConversation(key))?.state as { text?: string } | undefined;
    expect(state?.text?.length ?? 0).toBeGreaterThan(0);

    // Card submissions with wrong types: numbers, arrays, null, operator objects.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in user input is the point
    const weird: unknown[] = [42, ['a', 'b'], null, { $gt: '' }, { $where: 'sleep(1)' }, true, '${7*7}'];
    for (const value of weird) {
      const res = await app.teams(
        anActionInvoke(ANNA, { verb: 'intake_answer', step: 'describe', values: { description: value } }),
      );
      expect(res.status).toBe(200);
      const body = await res.text();
      // A card comes back (the step again, or why the value was refused); nothing was evaluated.
      expect(body).toContain('AdaptiveCard');
      expect(body).not.toContain('"49"');
    }
    for (const action of [
      { verb: 'claim', caseId: { $gt: '' }, version: 1 },
      { verb: 'note', caseId: 'nope', version: 'NaN', text: ['x'] },
      { verb: 'resolve', caseId: null, version: null, solution: null },
      { verb: 42 },
    ]) {
      const res = await app.teams(anActionInvoke(ANNA, action));
      // Answered (a refusal card, or 400 for an action that is not one), never a server error.
      expect(res.status).toBeLessThan(500);
    }
    expect(await app.app.services.store.countCases({})).toBe(0);
    expect(toAnna().map(teamsText).join('\n')).not.toContain('<script>alert(1)</script><b>');
    expect((await fetch(`${app.base}/healthz`)).status).toBe(200);
  }, 60_000);

  it('answers a body that is not a valid activity with 400 and what is wrong, also when it lacks where a reply would go or an invoke its name', async () => {
    h = await apps.start(() => ({ rateLimit: false }));
    const app = h;
    const message = aPersonalMessage(ANNA, 'The printer is broken') as Record<string, unknown>;
    // Fields the SDK itself validates: wrong types are the sender's mistake, not a server error.
    for (const [field, value] of [
      ['serviceUrl', ['x']],
      ['from', null],
      ['type', 42],
      ['conversation', true],
    ] as const) {
      const res = await app.teams({ ...message, [field]: value });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error?: string; issues?: string[] };
      expect(body.error).toBe('not a valid activity');
      expect(body.issues?.join(' ')).toContain(field);
    }
    // Missing where a reply would go (the SDK does not check this before the turn, and then cannot answer).
    const posted = app.teamsCalls.length;
    const { recipient: _r, ...noRecipient } = message;
    const { channelId: _c, ...noChannel } = message;
    const { recipient: _ir, ...invokeWithoutRecipient } = anActionInvoke(ANNA, {
      verb: 'claim',
      caseId: 'x',
      version: 1,
    });
    const { name: _n, ...invokeWithoutName } = anActionInvoke(ANNA, { verb: 'claim', caseId: 'x', version: 1 });
    for (const [activity, field] of [
      [noRecipient, 'recipient.id'],
      [noChannel, 'channelId'],
      [invokeWithoutRecipient, 'recipient.id'],
      [invokeWithoutName, 'name'],
    ] as const) {
      const res = await app.teams(activity);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { issues?: string[] }).issues).toEqual([`${field}: Required`]);
    }
    expect(app.teamsCalls.length).toBe(posted);
    expect(
      await app.app.services.store.getConversation(`teams:${personalConversation(ANNA).id}:${ANNA.aadObjectId}`),
    ).toBeNull();
    // And the next good message is answered as usual.
    expect((await app.teams(message)).status).toBe(200);
    await expect.poll(() => app.teamsCalls.length, { timeout: 5000 }).toBeGreaterThan(posted);
  });
});
