import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { driveToSummary } from '../../helpers/drive-intake.js';
import { okCase } from '../../helpers/services.js';
import { formOf, jsonField, recordPosts, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { slackEvent } from '../../helpers/slack-requests.js';

function event(eventId: string, payload: Record<string, unknown>) {
  return slackEvent(eventId, payload);
}

describe('slack events', () => {
  const h = slackHarnessPerTest({}, slackUsers.bo, slackUsers.jonas);

  /** Slack takes one `views.publish` (an App Home) from now on; what the bot published (form fields), once it has. */
  function publishedHome(): () => Record<string, string> | undefined {
    let published: Record<string, string> | undefined;
    h.api()
      .post('/api/views.publish', (b) => {
        published = formOf(b);
        return true;
      })
      .reply(200, { ok: true });
    return () => published;
  }

  it('publishes App Home with the report button and my open cases when the home tab opens', async () => {
    const bo = await h.person(slackUsers.bo);
    const c = await h.services.reportWifi(bo);
    const published = publishedHome();
    await h.send(event('EvHome1', { type: 'app_home_opened', user: slackUsers.bo.id, tab: 'home', channel: 'D0BO' }));
    expect(published()?.['user_id']).toBe('U0BO');
    const view = jsonField<{ type: string; blocks: unknown[] }>(published(), 'view');
    expect(view.type).toBe('home');
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('intake_start');
    expect(json).toContain(c.number);
  });

  it('shows staff their groups’ queue on App Home', async () => {
    const bo = await h.person(slackUsers.bo);
    const c = await h.services.reportWifi(bo);
    const published = publishedHome();
    await h.send(event('EvHome2', { type: 'app_home_opened', user: slackUsers.jonas.id, tab: 'home' }));
    expect(JSON.stringify(jsonField(published(), 'view'))).toContain(c.number);
  });

  it('answers "stats" in the DM with the figures for staff and the refusal for a user, without an intake', async () => {
    const posted: { channel: string; text: string }[] = [];
    h.api()
      .post('/api/chat.postMessage')
      .reply(200, (_uri, body) => {
        const form = formOf(body);
        posted.push({ channel: form['channel'] ?? '', text: form['blocks'] ?? form['text'] ?? '' });
        return { ok: true, channel: form['channel'], ts: '1.1' };
      })
      .persist();
    const dm = (id: string, user: string, channel: string) =>
      event(id, { type: 'message', channel, channel_type: 'im', user, text: 'stats week', ts: '1.0' });
    await h.send(dm('EvStats1', slackUsers.jonas.id, 'D0JONAS'));
    await h.send(dm('EvStats2', slackUsers.bo.id, 'D0BO'));
    expect(posted.map((p) => p.channel)).toEqual(['D0JONAS', 'D0BO']);
    expect(posted[0]?.text).toContain('Open cases now');
    expect(posted[1]?.text).toContain('Nøgletal er kun for supportmedarbejdere');
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(false);
  });

  it('answers "search" in the DM for staff with the matching cases, and takes a user\'s "Search …" as a report', async () => {
    const posted = recordPosts(h);
    const bo = await h.person(slackUsers.bo);
    const c = await h.services.reportWifi(bo, { title: 'Printeren i 1485 virker ikke' });
    const dm = (id: string, user: string, channel: string, text: string) =>
      event(id, { type: 'message', channel, channel_type: 'im', user, text, ts: '3.0' });
    await h.send(dm('EvSearch1', slackUsers.jonas.id, 'D0JONAS', 'search printer 1485'));
    expect(posted[0]).toContain(c.number);
    expect(posted[0]).toContain('Printeren i 1485 virker ikke');
    await h.send(dm('EvSearch2', slackUsers.bo.id, 'D0BO', 'Søg i Outlook finder ingenting'));
    expect(posted).toHaveLength(2);
    expect(posted[1]).not.toContain(c.number);
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(true);
  });

  it("reads a DM in plain text when Slack sends it in its markup (a staff search by e-mail, a note's text)", async () => {
    const posted = recordPosts(h);
    const bo = await h.person(slackUsers.bo);
    const c = await h.services.reportWifi(bo, { title: 'Printeren i 1485 virker ikke' });
    const dm = (id: string, user: string, channel: string, text: string) =>
      event(id, { type: 'message', channel, channel_type: 'im', user, text, ts: '4.0' });
    // What Slack sends for "search bo.nielsen@cas.au.dk": the address as a mail link.
    const mail = `<mailto:${slackUsers.bo.email}|${slackUsers.bo.email}>`;
    await h.send(dm('EvMarkup1', slackUsers.jonas.id, 'D0JONAS', `search ${mail}`));
    expect(posted[0]).toContain(c.number);
    await h.send(
      dm(
        'EvMarkup2',
        slackUsers.bo.id,
        'D0BO',
        `add ${c.number} R&amp;D &lt;3 <https://au.dk/a?x=1&amp;y=2|au.dk/a> ${mail}`,
      ),
    );
    expect((await h.services.store.getCase(c.id))!.notes[0]?.text).toBe(
      `R&D <3 https://au.dk/a?x=1&y=2 ${slackUsers.bo.email}`,
    );
  });

  it('adds "add <number> <text>" written in the DM to the case, and takes "add …" without a number as a report', async () => {
    const posted = recordPosts(h);
    const bo = await h.person(slackUsers.bo);
    const c = await h.services.reportWifi(bo);
    const dm = (id: string, text: string) =>
      event(id, { type: 'message', channel: 'D0BO', channel_type: 'im', user: slackUsers.bo.id, text, ts: '2.0' });
    await h.send(dm('EvAdd1', `add ${c.number} Det virker heller ikke i kantinen`));
    expect(posted[0]).toContain(`Det er tilføjet sag ${c.number}`);
    expect((await h.services.store.getCase(c.id))!.notes[0]?.text).toBe('Det virker heller ikke i kantinen');
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(false);
    await h.send(dm('EvAdd2', 'add a second screen to my desk, please'));
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(true);
  });

  it("reads a mention Slack sends without a name as the person's name, and an unknown one as its id", async () => {
    recordPosts(h);
    h.knowUsers(slackUsers.emma);
    h.api()
      .post('/api/users.info', (b) => formOf(b)['user'] === 'U0GONE')
      .reply(200, { ok: false, error: 'user_not_found' })
      .persist();
    const bo = await h.person(slackUsers.bo);
    const c = await h.services.reportWifi(bo);
    const text = `add ${c.number} <@${slackUsers.emma.id}> sits next to me, <@U0GONE> too`;

    await h.send(
      event('EvMention1', {
        type: 'message',
        channel: 'D0BO',
        channel_type: 'im',
        user: slackUsers.bo.id,
        text,
        ts: '5.0',
      }),
    );

    expect((await h.services.store.getCase(c.id))!.notes[0]?.text).toBe(
      `@${slackUsers.emma.name} sits next to me, @U0GONE too`,
    );
  });

  it('reads a case number written apart after inc in the DM (add inc 5 …, status inc 5), as Teams does', async () => {
    const posted = recordPosts(h);
    const bo = await h.person(slackUsers.bo);
    const c = await h.services.reportWifi(bo);
    const apart = `inc ${Number(c.number.replace(/\D/g, ''))}`;
    const dm = (id: string, text: string) =>
      event(id, { type: 'message', channel: 'D0BO', channel_type: 'im', user: slackUsers.bo.id, text, ts: '6.0' });

    await h.send(dm('EvApart1', `add ${apart} printers are down`));
    await h.send(dm('EvApart2', `status ${apart}`));

    expect(posted[0]).toContain(`Det er tilføjet sag ${c.number}`);
    expect((await h.services.store.getCase(c.id))!.notes[0]?.text).toBe('printers are down');
    expect(posted[1]).toContain(c.title);
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(false);
  });

  it('reads "add SR 2 monitors" in the DM as a report, not as an addition to SR-000002, which is not Bo\'s', async () => {
    const posted = recordPosts(h);
    // SR-000001 and SR-000002 exist, both Anna's.
    await h.services.reportWifi(undefined, { type: 'service_request' });
    const other = await h.services.reportWifi(undefined, { type: 'service_request' });
    expect(other.number).toBe('SR-000002');
    const dm = (id: string, text: string) =>
      event(id, { type: 'message', channel: 'D0BO', channel_type: 'im', user: slackUsers.bo.id, text, ts: '6.0' });

    await h.send(dm('EvOrder1', 'add SR 2 monitors'));

    expect((await h.services.store.getCase(other.id))!.notes).toEqual([]);
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(true);
    expect(posted.join('\n')).not.toContain('SR-000002');
    // With a dash the number is meant: Bo is told it is none of his cases, and no report starts.
    await h.send(dm('EvOrder2', 'cancel'));
    await h.send(dm('EvOrder3', 'add SR-2 monitors'));
    expect(posted.at(-1)).toContain('SR-000002');
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(false);
  });

  it('keeps a shared file with the report, fetched with the bot token from files.slack.com, in the DM', async () => {
    const posted = recordPosts(h);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255]);
    let auth: string | undefined;
    nock('https://files.slack.com')
      .get('/files-pri/T0AU-F0SHOT/download/screenshot.png')
      .reply(function () {
        auth = this.req.headers.authorization as string | undefined;
        return [200, png];
      });
    const files = [
      {
        id: 'F0SHOT',
        name: 'screenshot.png',
        mimetype: 'image/png',
        size: png.length,
        url_private_download: 'https://files.slack.com/files-pri/T0AU-F0SHOT/download/screenshot.png',
      },
    ];
    await h.send(
      event('EvFile1', {
        type: 'message',
        subtype: 'file_share',
        channel: 'D0BO',
        channel_type: 'im',
        user: slackUsers.bo.id,
        text: 'Outlook cannot find the server',
        files,
      }),
    );
    expect(auth).toBe('Bearer xoxb-test-token');
    expect(posted[0]).toContain('Gemt med din anmeldelse: screenshot.png.');
    const state = (await h.services.store.getConversation('slack:dm:U0BO'))?.state as {
      text?: string;
      attachments?: { id: string; name: string }[];
    };
    expect(state.text).toBe('Outlook cannot find the server');
    expect(state.attachments?.map((a) => a.name)).toEqual(['screenshot.png']);
    expect((await h.services.store.getFile(state.attachments![0]!.id))?.data.equals(png)).toBe(true);
  });

  it('looks a file up with files.info when the event names it only, and refuses big files unread', async () => {
    const posted = recordPosts(h);
    h.api()
      .post('/api/files.info', (b) => formOf(b)['file'] === 'F0LOG')
      .reply(200, {
        ok: true,
        file: {
          id: 'F0LOG',
          name: 'error.log',
          mimetype: 'text/plain',
          size: 6,
          url_private_download: 'https://files.slack.com/files-pri/T0AU-F0LOG/download/error.log',
        },
      });
    nock('https://files.slack.com').get('/files-pri/T0AU-F0LOG/download/error.log').reply(200, 'E-042\n');
    const file = (id: string, extra: Record<string, unknown>) => ({ id, ...extra });
    await h.send(
      event('EvFile2', {
        type: 'message',
        subtype: 'file_share',
        channel: 'D0JONAS',
        channel_type: 'im',
        user: slackUsers.jonas.id,
        files: [
          file('F0LOG', { file_access: 'check_file_info' }),
          file('F0BIG', {
            name: 'video.mov',
            size: 50 * 1024 * 1024,
            url_private_download: 'https://files.slack.com/files-pri/T0AU-F0BIG/download/video.mov',
          }),
          file('F0ELSE', { name: 'x.png', url_private_download: 'https://example.com/x.png' }),
        ],
      }),
    );
    const all = posted.join('\n');
    expect(all).toContain('Not kept, larger than 10 MB: video.mov.');
    expect(all).toContain('Could not fetch: x.png.');
    expect(all).toContain('Kept with your report: error.log.');
    // A file alone starts a report by asking what is wrong.
    const state = (await h.services.store.getConversation('slack:dm:U0JONAS'))?.state as {
      step?: string;
      attachments?: { name: string; contentType: string }[];
    };
    expect(state.step).toBe('describe');
    expect(state.attachments).toMatchObject([{ name: 'error.log', contentType: 'text/plain' }]);
  });

  it('puts a file sent with "add <number>" on the case, in the DM', async () => {
    const posted = recordPosts(h);
    const bo = await h.person(slackUsers.bo);
    const c = await h.services.reportWifi(bo);
    nock('https://files.slack.com')
      .get('/files-pri/T0AU-F0AP/download/ap.jpg')
      .reply(200, Buffer.from([0xff, 0xd8, 0xff, 1]));
    await h.send(
      event('EvFile3', {
        type: 'message',
        subtype: 'file_share',
        channel: 'D0BO',
        channel_type: 'im',
        user: slackUsers.bo.id,
        text: `tilføj ${c.number}`,
        files: [
          {
            id: 'F0AP',
            name: 'ap.jpg',
            url_private_download: 'https://files.slack.com/files-pri/T0AU-F0AP/download/ap.jpg',
          },
        ],
      }),
    );
    expect(posted[0]).toContain(`Lagt på ${c.number}: ap.jpg.`);
    const after = await h.services.store.getCase(c.id);
    expect(after?.attachments).toMatchObject([{ name: 'ap.jpg', contentType: 'image/jpeg' }]);
    expect(after?.notes[0]?.text).toBe('📎 ap.jpg');
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(false);
  });

  it('answers "hjælp" with help and "ny" with a new report, not as the answer, when a case awaits the user', async () => {
    const posted = recordPosts(h);
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
        question: 'Hvilket lokale sidder du i?',
      }),
    );
    const dm = (id: string, text: string) =>
      event(id, { type: 'message', channel: 'D0BO', channel_type: 'im', user: slackUsers.bo.id, text, ts: '7.0' });
    // As on Teams: the help word gets help, and the case still waits for Bo's answer.
    await h.send(dm('EvHelpAwait1', 'hjælp'));
    expect(posted.at(-1)).toContain('Hjælp');
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(false);
    let after = await h.services.store.getCase(c.id);
    expect(after?.status).toBe('awaiting_user');
    expect(after?.notes).toEqual([]);
    // A bare "ny" starts a report; a message that only begins with it is the answer.
    await h.send(dm('EvHelpAwait2', 'ny'));
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(true);
    expect((await h.services.store.getCase(c.id))?.status).toBe('awaiting_user');
    // (The new report's turn is newer than the question: it takes the next message, here its cancel.)
    await h.send(dm('EvHelpAwait3', 'annuller'));
    expect(await h.intake.isActive('slack:dm:U0BO')).toBe(false);
    await h.send(dm('EvHelpAwait4', 'Ny skærm, lokale 1.23'));
    after = await h.services.store.getCase(c.id);
    expect(after?.status).toBe('in_progress');
    expect(after?.notes[0]?.text).toBe('Ny skærm, lokale 1.23');
  });

  it('ignores the bot’s own messages and edits in the DM', async () => {
    const calls: string[] = [];
    h.api()
      .post(/.*/)
      .reply(200, (uri) => {
        calls.push(uri);
        return { ok: true };
      })
      .persist();
    await h.send(
      event('EvBot', {
        type: 'message',
        channel: 'D0BO',
        channel_type: 'im',
        bot_id: 'B0BOT',
        user: 'U0BOT',
        text: 'hi',
      }),
    );
    await h.send(
      event('EvEdit', {
        type: 'message',
        subtype: 'message_changed',
        channel: 'D0BO',
        channel_type: 'im',
        user: 'U0BO',
      }),
    );
    expect(calls.filter((u) => u.includes('chat.postMessage'))).toEqual([]);
  });
});

describe('slack events: a registered view Slack refuses', () => {
  const h = slackHarnessPerTest({}, slackUsers.bo);

  it('sends the receipt through the outbox instead, once, when the confirmation cannot be posted', async () => {
    const bo = await h.person(slackUsers.bo);
    const base = { conversationKey: 'slack:dm:U0BO', person: bo, platform: 'slack' as const };
    await driveToSummary(h.intake, base, 'Outlook cannot find the server');
    let refused = 0;
    h.api()
      .post('/api/chat.postMessage')
      .reply(() => {
        refused++;
        return [500, 'down'];
      })
      .persist();
    await h.send(
      event('EvConfirm1', { type: 'message', channel: 'D0BO', channel_type: 'im', user: slackUsers.bo.id, text: 'ja' }),
    );
    expect(refused).toBeGreaterThan(1);
    const [c] = await h.services.store.findCases({ personId: bo.id });
    expect(c).toBeDefined();
    const receipts = await h.services.store.listOutbox({ caseId: c!.id, kind: 'send_person' });
    expect(receipts).toHaveLength(1);
    expect(JSON.stringify(receipts[0]!.payload)).toContain(c!.number);
    // Asked again (say the person's next turn fails too), still one.
    await h.services.service.receipt(c!.id);
    expect(await h.services.store.listOutbox({ caseId: c!.id, kind: 'send_person' })).toHaveLength(1);
  });
});
