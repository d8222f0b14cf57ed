import nock from 'nock';
import type { Case } from '../../../src/models/case.js';
import { AppError } from '../../../src/models/errors.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ADA,
  ANNA,
  aChannelMessage,
  anActionInvoke,
  aPersonalInstall,
  aPersonalMessage,
  aTeamInstall,
  BOT_ID,
  MIA,
  personalConversation,
  SERVICE_URL,
  TENANT_ID,
  type TestUser,
} from '../../helpers/teams-activities.js';
import { CONNECTOR_HOST, startTeamsHarness, type TeamsHarness } from '../../helpers/teams-harness.js';
import { buildCase } from '../../helpers/case-builder.js';

type Posted = { type: string; text?: string; attachments?: { contentType: string; content: { body: unknown[] } }[] };

let h: TeamsHarness;
/** Activities the bot sent to the fake connector, in order. */
let sent: { path: string; body: Posted }[];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

beforeEach(async () => {
  h = await startTeamsHarness();
  sent = [];
  nock(CONNECTOR_HOST)
    .persist()
    .post(/\/teams\/v3\/conversations\/.+\/activities(\/.*)?$/)
    .reply(200, (path, body) => {
      sent.push({ path, body: body as Posted });
      return { id: `sent-${sent.length}` };
    });
});

afterEach(async () => {
  await h.close();
  nock.cleanAll();
});

/** Counts the store's ref writes of one kind (e.g. `teams.ref`). */
function refWrites(kind: string): () => number {
  const spy = vi.spyOn(h.store, 'putRef');
  return () => spy.mock.calls.filter(([k]) => k === kind).length;
}

const cardText = (p: Posted): string => JSON.stringify(p.attachments?.[0]?.content ?? {});

describe('TeamsBot with several instances', () => {
  it('handles a message Teams delivers again to another instance once, when the store is shared', async () => {
    const other = await startTeamsHarness({ anonymous: true }, { store: h.store, sharedSeen: true });
    const first = await startTeamsHarness({ anonymous: true }, { store: h.store, sharedSeen: true });
    try {
      const message = aPersonalMessage(ANNA, 'The printer on floor 2 is broken');
      expect((await first.post(message)).status).toBe(200);
      // Teams got no answer in time and sends the same activity again; the load balancer picks the other instance.
      expect((await other.post(message)).status).toBe(200);
      expect(first.intake.inputs).toHaveLength(1);
      expect(other.intake.inputs).toHaveLength(0);
      expect(sent).toHaveLength(1);
      // A new message is handled wherever it lands.
      expect((await other.post(aPersonalMessage(ANNA, 'It shows error 49.4'))).status).toBe(200);
      expect(other.intake.inputs).toHaveLength(1);
    } finally {
      await first.close();
      await other.close();
    }
  });

  it('handles it again on another instance when each instance remembers only its own messages (SQLite)', async () => {
    const other = await startTeamsHarness({ anonymous: true }, { store: h.store });
    try {
      const message = aPersonalMessage(ANNA, 'The printer on floor 2 is broken');
      expect((await h.post(message)).status).toBe(200);
      expect((await h.post(message)).status).toBe(200);
      expect(h.intake.inputs).toHaveLength(1);
      expect((await other.post(message)).status).toBe(200);
      expect(other.intake.inputs).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

describe('TeamsBot', () => {
  it('starts an intake and posts the reply card to the connector when a user writes free text', async () => {
    const res = await h.post(aPersonalMessage(ANNA, 'The printer on floor 2 is broken'));
    expect(res.status).toBe(200);
    expect(h.intake.inputs).toHaveLength(1);
    const input = h.intake.inputs[0]!;
    expect(input).toMatchObject({ platform: 'teams', text: 'The printer on floor 2 is broken', locale: 'en-US' });
    expect(input.person).toMatchObject({
      id: 'teams:aad-anna',
      name: 'Anna Jensen',
      email: 'anna.jensen@example.dk',
      locale: 'en',
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toContain(`/v3/conversations/${personalConversation(ANNA).id}/activities`);
    expect(sent[0]!.body.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(sent[0]!.body)).toContain('Which category?');
    expect(cardText(sent[0]!.body)).toContain('Action.Execute');
  });

  it('keeps a pasted picture and a shared file with the report and passes them on with the text', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    let auth: string | undefined = 'not asked';
    nock(CONNECTOR_HOST)
      .get('/teams/v3/attachments/abc/views/original')
      .reply(function () {
        auth = this.req.headers.authorization as string | undefined;
        return [200, png];
      });
    nock('https://contoso-my.sharepoint.com').get('/personal/anna/x.pdf').reply(200, '%PDF-1.7 …');
    const attachments = [
      { contentType: 'image/*', contentUrl: `${SERVICE_URL}v3/attachments/abc/views/original` },
      { contentType: 'text/html', content: '<p>The printer says E-042</p><img src="https://smba.test/abc">' },
      {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        name: 'manual.pdf',
        content: { downloadUrl: 'https://contoso-my.sharepoint.com/personal/anna/x.pdf', fileType: 'pdf' },
      },
    ];
    await h.post(aPersonalMessage(ANNA, 'The printer says E-042', { attachments }));
    // Anonymous (local): no token to send.
    expect(auth).toBeUndefined();
    const input = h.intake.inputs[0]!;
    expect(input.text).toBe('The printer says E-042');
    expect(input.files?.map((f) => [f.name, f.contentType])).toEqual([
      ['picture.png', 'image/png'],
      ['manual.pdf', 'application/octet-stream'],
    ]);
    expect(input.files?.[0]?.by).toMatchObject({ id: 'teams:aad-anna', email: 'anna.jensen@example.dk' });
    const stored = await h.store.getFile(input.files![0]!.id);
    expect(stored?.data.equals(png)).toBe(true);
    expect(stored?.caseId).toBeUndefined();
    // Only the intake's own reply: nothing was refused.
    expect(sent).toHaveLength(1);
  });

  it('fetches no link but the connector and SharePoint, and says what it could not keep', async () => {
    const attachments = [
      { contentType: 'image/png', contentUrl: 'https://evil.example/steal-the-token.png' },
      {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        name: 'x.txt',
        content: { downloadUrl: 'http://169.254.169.254/latest/meta-data' },
      },
    ];
    await h.post(aPersonalMessage(ANNA, 'The printer says E-042', { attachments }));
    expect(h.intake.inputs.map((i) => [i.text, i.files])).toEqual([['The printer says E-042', undefined]]);
    expect(cardText(sent[0]!.body)).toContain('I could not fetch the attachment, so it was not kept');

    // A picture on the connector that fails or is too big: named, and a file alone then starts nothing.
    sent.length = 0;
    nock(CONNECTOR_HOST)
      .get('/teams/v3/attachments/big/views/original')
      .reply(200, 'x', {
        'content-length': String(11 * 1024 * 1024),
      });
    nock(CONNECTOR_HOST).get('/teams/v3/attachments/gone/views/original').reply(404, {});
    await h.post(
      aPersonalMessage(ANNA, '', {
        attachments: [
          { contentType: 'image/png', contentUrl: `${SERVICE_URL}v3/attachments/big/views/original` },
          {
            contentType: 'image/png',
            name: 'gone.png',
            contentUrl: `${SERVICE_URL}v3/attachments/gone/views/original`,
          },
        ],
      }),
    );
    expect(h.intake.inputs).toHaveLength(1);
    expect(sent).toHaveLength(1);
    const note = cardText(sent[0]!.body);
    expect(note).toContain('Not kept, larger than 10 MB: picture.png.');
    expect(note).toContain('Could not fetch: gone.png.');
  });

  it('puts files sent with "add <number>" on that case, and files with an answer on the waiting case', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9]);
    nock(CONNECTOR_HOST).get('/teams/v3/attachments/a1/views/original').times(2).reply(200, png);
    const picture = [{ contentType: 'image/png', contentUrl: `${SERVICE_URL}v3/attachments/a1/views/original` }];
    await h.post(aPersonalMessage(ANNA, 'add INC-000123', { attachments: picture }));
    expect(h.cases.comments).toMatchObject([{ ref: 'INC-000123', text: '' }]);
    expect(h.cases.comments[0]?.files?.map((f) => f.name)).toEqual(['picture.png']);
    expect(h.intake.inputs).toHaveLength(0);

    h.cases.awaitingReply = { kind: 'message', locale: 'en', text: 'Your answer is added.' };
    await h.post(aPersonalMessage(ANNA, '', { attachments: picture }));
    expect(h.cases.replies).toMatchObject([{ text: '' }]);
    expect(h.cases.replies[0]?.files).toHaveLength(1);
    expect(h.intake.inputs).toHaveLength(0);
  });

  it('queues the receipt when Teams refuses the view of a case just registered, and only then', async () => {
    const registered = { id: 'case-9', number: 'INC-000009' } as Case;
    h.intake.next = {
      state: 'done',
      case: registered,
      views: [{ kind: 'message', locale: 'en', text: 'Registered as INC-000009' }],
    };
    await h.post(aPersonalMessage(ANNA, 'yes'));
    expect(h.cases.receipts).toEqual([]);

    nock.cleanAll();
    nock(CONNECTOR_HOST)
      .persist()
      .post(/\/activities/)
      .reply(502, {});
    await h.post(aPersonalMessage(ANNA, 'confirm'));
    expect(h.cases.receipts).toEqual(['case-9']);
  });

  it('keeps no file sent with another command and says where files go', async () => {
    const attachments = [{ contentType: 'image/png', contentUrl: `${SERVICE_URL}v3/attachments/zz/views/original` }];
    await h.post(aPersonalMessage(ANNA, 'mine', { attachments }));
    expect(cardText(sent[0]!.body)).toContain('This file was not kept');
    expect(cardText(sent[1]!.body)).toContain('INC-000123 Printer');
  });

  it('sends no attachment note for a formatted message whose only attachment is its HTML copy', async () => {
    await h.post(
      aPersonalMessage(ANNA, 'VPN drops', { attachments: [{ contentType: 'text/html', content: '<b>VPN</b> drops' }] }),
    );
    expect(sent).toHaveLength(1);
    expect(cardText(sent[0]!.body)).not.toContain('cannot take pictures');
    expect(h.intake.inputs.map((i) => i.text)).toEqual(['VPN drops']);
  });

  it('stores the personal conversation reference when a user writes', async () => {
    await h.post(aPersonalMessage(ANNA, 'hello'));
    const ref = await h.refs.person('teams:aad-anna');
    expect(ref?.reference?.conversation.id).toBe(personalConversation(ANNA).id);
    expect(ref?.reference?.serviceUrl).toBe(SERVICE_URL);
    expect(ref).toMatchObject({ userId: '29:anna', tenantId: 'tenant-0001', email: 'anna.jensen@example.dk' });
  });

  it('sends the answer to a pending question instead of starting an intake when a case awaits the user', async () => {
    h.cases.awaitingReply = { kind: 'message', locale: 'en', text: 'Thanks, your answer was added to INC-000123.' };
    await h.post(aPersonalMessage(ANNA, 'It is the HP on floor 2'));
    expect(h.cases.replies.map((r) => r.text)).toEqual(['It is the HP on floor 2']);
    expect(h.intake.inputs).toHaveLength(0);
    expect(cardText(sent[0]!.body)).toContain('your answer was added');
  });

  it('takes a message that begins with "ny"/"new" or "status" as the answer when a case awaits the user, as Slack does', async () => {
    h.cases.awaitingReply = { kind: 'message', locale: 'da', text: 'Tak, dit svar er tilføjet INC-000123.' };
    await h.post(aPersonalMessage(ANNA, 'Ny HP-printer, den står i lokale 1.23'));
    await h.post(aPersonalMessage(ANNA, 'Status is unchanged, it still fails after the restart'));
    expect(h.cases.replies.map((r) => r.text)).toEqual([
      'Ny HP-printer, den står i lokale 1.23',
      'Status is unchanged, it still fails after the restart',
    ]);
    expect(h.intake.inputs).toHaveLength(0);
    expect(sent.map((m) => cardText(m.body))).toEqual([
      expect.stringContaining('dit svar er tilføjet'),
      expect.stringContaining('dit svar er tilføjet'),
    ]);
  });

  it('keeps a well-formed command a command when a case awaits the user: bare "ny", "new for …", "status <number>"', async () => {
    h.cases.awaitingReply = { kind: 'message', locale: 'en', text: 'Thanks, your answer was added to INC-000123.' };
    await h.post(aPersonalMessage(ANNA, 'ny'));
    await h.post(aPersonalMessage(ANNA, 'new for anna@example.dk'));
    await h.post(aPersonalMessage(ANNA, 'status INC-123'));
    expect(h.cases.replies).toEqual([]);
    expect(h.intake.inputs.map((i) => i.text)).toEqual(['ny', 'new for anna@example.dk']);
    expect(cardText(sent.at(-1)!.body)).toContain('INC-000123');
  });

  it('starts a report with "Ny …" and gives the usage hint for "status …" when no case awaits the user', async () => {
    await h.post(aPersonalMessage(ANNA, 'Ny HP-printer, den står i lokale 1.23'));
    expect(h.cases.replies.map((r) => r.text)).toEqual(['Ny HP-printer, den står i lokale 1.23']);
    expect(h.intake.inputs.map((i) => i.text)).toEqual(['Ny HP-printer, den står i lokale 1.23']);
    await h.post(aPersonalMessage(ANNA, 'Status is unchanged'));
    expect(h.intake.inputs).toHaveLength(1);
    expect(cardText(sent.at(-1)!.body)).toContain('is not a case number');
  });

  it('starts a report with a sentence that merely begins with "status", as the Slack DM does', async () => {
    await h.post(aPersonalMessage(ANNA, 'Status page of the wiki shows an error'));
    expect(h.intake.inputs.map((i) => i.text)).toEqual(['Status page of the wiki shows an error']);
    expect(sent.map((m) => cardText(m.body)).join('\n')).not.toContain('is not a case number');
  });

  it('answers a bad status argument with a usage hint when the number is malformed', async () => {
    await h.post(aPersonalMessage(ANNA, 'status banana'));
    expect(h.intake.inputs).toHaveLength(0);
    expect(cardText(sent[0]!.body)).toContain('is not a case number');
  });

  it("adds a user's text to their case with add <number>, and starts an intake when add has no case number", async () => {
    await h.post(aPersonalMessage(ANNA, 'add INC-123 It is the HP on floor 2'));
    expect(h.cases.comments.map((c) => [c.person.name, c.ref, c.text])).toEqual([
      [ANNA.name, 'INC-000123', 'It is the HP on floor 2'],
    ]);
    expect(cardText(sent[0]!.body)).toContain('Added to INC-000123.');
    expect(h.intake.inputs).toHaveLength(0);
    await h.post(aPersonalMessage(ANNA, 'add INC-123'));
    expect(cardText(sent[1]!.body)).toContain('What should be added to INC-000123?');
    await h.post(aPersonalMessage(ANNA, 'Add a second screen to my desk'));
    expect(h.cases.comments).toHaveLength(1);
    expect(h.intake.inputs.map((i) => i.text)).toEqual(['Add a second screen to my desk']);
  });

  it('reads "add SR 2 monitors" as a report when SR-000002 is no case the user can look up, and "add inc 123 …" of theirs as an addition', async () => {
    await h.post(aPersonalMessage(ANNA, 'add SR 2 monitors'));
    expect(h.cases.comments).toEqual([]);
    expect(h.intake.inputs.map((i) => i.text)).toEqual(['add SR 2 monitors']);
    // INC-000123 is the user's (the harness's case): written apart, it is still the case.
    await h.post(aPersonalMessage(ANNA, 'add inc 123 It is the HP on floor 2'));
    expect(h.cases.comments.map((c) => [c.ref, c.text])).toEqual([['INC-000123', 'It is the HP on floor 2']]);
    // With a dash the number is meant, whoever's it is: the service answers.
    await h.post(aPersonalMessage(ANNA, 'add SR-2 monitors'));
    expect(h.cases.comments.map((c) => c.ref)).toEqual(['INC-000123', 'SR-000002']);
    expect(h.intake.inputs).toHaveLength(1);
  });

  it('shows the case card when a user looks a case up by number', async () => {
    await h.post(aPersonalMessage(ANNA, 'status inc-123'));
    expect(cardText(sent[0]!.body)).toContain('INC-000123');
  });

  it('sends an admin export as the summary card, a note and the JSON in Markdown code blocks in personal chat', async () => {
    await h.post(aPersonalMessage(ANNA, 'admin export Someone@Example.dk'));
    expect(h.staff.calls.map((c) => [c.method, c.args[0]])).toEqual([['exportPerson', 'Someone@Example.dk']]);
    expect(cardText(sent[0]!.body)).toContain('exportPerson done');
    expect(cardText(sent[1]!.body)).toContain('follows as JSON in 1 message');
    const json = sent[2]!.body as Posted & { textFormat?: string };
    expect(json.textFormat).toBe('markdown');
    expect(json.text).toMatch(/^```json\n/);
    expect(JSON.parse(json.text!.replace(/^```json\n/, '').replace(/\n```$/, ''))).toEqual({
      query: 'Someone@Example.dk',
    });
  });

  it('keeps personal data out of channels when admin export is asked in a team channel', async () => {
    await h.post(aChannelMessage(MIA, 'admin erase someone@example.dk'));
    expect(h.staff.calls).toEqual([]);
    expect(cardText(sent[0]!.body)).toContain('only shown in a personal chat');
  });

  it('runs stats and major commands in a channel and answers with the service view', async () => {
    await h.post(aChannelMessage(MIA, 'stats arts-desk week'));
    await h.post(aChannelMessage(MIA, 'major link inc-124 INC-123'));
    expect(h.staff.calls.map((c) => [c.method, ...c.args.slice(0, 2)])).toEqual([
      ['statsView', { groupId: 'arts-desk', period: 'week' }, 'en'],
      ['link', 'INC-000124', 'INC-000123'],
    ]);
    expect(cardText(sent[1]!.body)).toContain('link done');
  });

  it('gives the usage hint instead of calling the service when major declare has no summary', async () => {
    await h.post(aPersonalMessage(ANNA, 'major declare INC-123'));
    expect(h.staff.calls).toEqual([]);
    expect(h.intake.inputs).toHaveLength(0);
    expect(cardText(sent[0]!.body)).toContain('major declare INC-000123');
  });

  it('runs search and similar for staff (personal chat and channel) and takes them from a user as a report', async () => {
    await h.post(aPersonalMessage(MIA, 'search printer MIA@au.dk'));
    await h.post(aChannelMessage(MIA, 'søg eduroam'));
    await h.post(aChannelMessage(MIA, 'lignende inc-12'));
    expect(h.staff.calls.map((c) => [c.method, c.args[0]])).toEqual([
      ['search', { words: ['printer'], personEmail: 'MIA@au.dk' }],
      ['search', { words: ['eduroam'] }],
      ['similar', 'INC-000012'],
    ]);
    expect(cardText(sent[1]!.body)).toContain('search done');
    await h.post(aPersonalMessage(ANNA, 'Search in Outlook finds nothing'));
    await h.post(aPersonalMessage(ANNA, 'Similar problem as last week'));
    expect(h.staff.calls).toHaveLength(3);
    expect(h.intake.inputs.map((i) => i.text)).toEqual([
      'Search in Outlook finds nothing',
      'Similar problem as last week',
    ]);
  });

  it('starts an intake when a message merely starts with "major"', async () => {
    await h.post(aPersonalMessage(ANNA, 'major problem with my laptop'));
    expect(h.staff.calls).toEqual([]);
    expect(h.intake.inputs.map((i) => i.text)).toEqual(['major problem with my laptop']);
  });

  it('refuses the staff queue when the person is not staff', async () => {
    await h.post(aPersonalMessage(ANNA, 'queue'));
    expect(cardText(sent[0]!.body)).toContain('support staff only');
  });

  it("lists the channel group's queue when staff ask in a bound channel", async () => {
    await h.post(aChannelMessage(MIA, 'queue'));
    expect(cardText(sent[0]!.body)).toContain('Queue: arts-desk');
  });

  it('answers an Action.Execute claim with the fresh card as the invoke response', async () => {
    const res = await h.post(
      anActionInvoke(MIA, { verb: 'claim', caseId: 'c0ffee00-0000-4000-8000-000000000001', version: '7' }, 'channel'),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      statusCode: number;
      type: string;
      value: { type: string; refresh?: { userIds: string[] } };
    };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.value.type).toBe('AdaptiveCard');
    expect(JSON.stringify(body.value)).toContain('Mia Medlem');
    expect(body.value.refresh?.userIds).toEqual(['29:mia']);
    expect(h.cases.acts[0]!.action).toEqual({
      verb: 'claim',
      caseId: 'c0ffee00-0000-4000-8000-000000000001',
      version: 7,
    });
    expect(h.cases.acts[0]!.actor).toMatchObject({ id: 'teams:aad-mia', email: 'mia.medlem@example.dk' });
  });

  it("posts the similar cases in the card's thread and keeps the card when staff click Similar cases", async () => {
    const list = 'INC-000040 · Eduroam drops · Resolved\n   → Solution: Replaced the access point';
    h.cases.outcome = {
      ok: true,
      case: buildCase(),
      card: h.cases.card,
      aside: { kind: 'message', locale: 'en', title: 'Cases like INC-000042', text: list },
    };
    const invoke = anActionInvoke(MIA, { verb: 'similar', caseId: 'c1', version: '7' }, 'channel');
    const res = await h.post(invoke);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: string; value: unknown };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(body.value)).not.toContain('Replaced the access point');
    expect(h.cases.acts[0]!.action).toEqual({ verb: 'similar', caseId: 'c1', version: 7 });
    expect(sent).toHaveLength(1);
    expect(decodeURIComponent(sent[0]!.path)).toContain(`/v3/conversations/${invoke.conversation.id}/activities`);
    expect(cardText(sent[0]!.body)).toContain('Cases like INC-000042');
    expect(cardText(sent[0]!.body)).toContain('Replaced the access point');
  });

  it('shows the fresh card with the refusal as notice when the click was stale', async () => {
    h.cases.outcome = {
      ok: false,
      code: 'CASE.CONFLICT',
      reply: { kind: 'message', locale: 'en', text: 'Changed meanwhile by Bo.' },
      card: h.cases.card,
    };
    const res = await h.post(anActionInvoke(MIA, { verb: 'claim', caseId: 'c1', version: 3 }, 'channel'));
    const body = (await res.json()) as { value: unknown };
    expect(JSON.stringify(body.value)).toContain('Changed meanwhile by Bo.');
  });

  it('shows the card the case services attached to a refusal, with the refusal as notice, and asks for no other', async () => {
    h.cases.outcome = {
      ok: false,
      code: 'CASE.INVALID_TRANSITION',
      reply: { kind: 'message', locale: 'en', text: 'INC-000123 cannot be closed while it is Assigned.' },
      card: h.cases.card,
    };
    const res = await h.post(anActionInvoke(MIA, { verb: 'close', caseId: 'c1', version: 8 }, 'channel'));
    const body = (await res.json()) as { value: { refresh?: { userIds: string[] } } };
    const shown = JSON.stringify(body.value);
    expect(shown).toContain('cannot be closed while it is Assigned.');
    expect(shown).toContain('Action.Execute');
    expect(body.value.refresh?.userIds).toEqual(['29:mia']);
    expect(h.cases.acts.map((a) => a.action.verb)).toEqual(['close']);
  });

  it('shows a refusal without a card (the clicker may not see the case) as the message alone', async () => {
    h.cases.outcome = {
      ok: false,
      code: 'CASE.INVALID_INPUT',
      reply: { kind: 'message', locale: 'en', text: 'INC-000123 is not an order.' },
    };
    const res = await h.post(anActionInvoke(ANNA, { verb: 'order_received', caseId: 'c1', version: 1 }));
    const body = (await res.json()) as { value: { refresh?: unknown } };
    expect(JSON.stringify(body.value)).toContain('INC-000123 is not an order.');
    expect(JSON.stringify(body.value)).not.toContain('Action.Execute');
    expect(body.value.refresh).toBeUndefined();
    expect(h.cases.acts.map((a) => a.action.verb)).toEqual(['order_received']);
  });

  it('answers a bad submission without a case with a friendly message card in the clicker’s language', async () => {
    const click = anActionInvoke(ANNA, { verb: 'intake_urgency', urgency: 'whenever' });
    const res = await h.post({ ...click, locale: 'da-DK' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { statusCode: number; type: string; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const shown = JSON.stringify(body.value);
    expect(shown).toContain('Det kunne jeg ikke bruge: kortet sendte noget, jeg ikke kunne bruge. Prøv igen.');
    expect(shown).not.toContain('urgency');
    expect(h.intake.inputs).toHaveLength(0);
    expect(h.cases.acts).toHaveLength(0);
  });

  it('keeps the case card, with a notice naming the field, when a sub-form comes without a field its verb needs', async () => {
    const click = anActionInvoke(
      MIA,
      {
        verb: 'escalate_group',
        caseId: 'c1',
        version: 3,
        'escalate_group.reasonCode': 'other',
        'escalate_group.reason': 'Netværket',
      },
      'channel',
    );
    const res = await h.post({ ...click, locale: 'da-DK' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: string; value: { refresh?: { userIds: string[] } } };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const shown = JSON.stringify(body.value);
    expect(shown).toContain('Det kunne jeg ikke bruge: udfyld «Eskalér til gruppe», og prøv igen.');
    expect(shown).not.toContain('groupId is missing');
    // The fresh case card, with its buttons and its refresh for the clicker: nothing of the case was lost.
    expect(shown).toContain('INC-000123');
    expect(shown).toContain('Action.Execute');
    expect(body.value.refresh?.userIds).toEqual(['29:mia']);
    expect(h.cases.acts.map((a) => a.action)).toEqual([{ verb: 'refresh', caseId: 'c1' }]);
  });

  it('says which value could not be used, in English for an English clicker, on the fresh card', async () => {
    const res = await h.post(anActionInvoke(MIA, { verb: 'evaluate', caseId: 'c1', version: 1, score: '9' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { statusCode: number; value: unknown };
    expect(body.statusCode).toBe(200);
    const shown = JSON.stringify(body.value);
    expect(shown).toContain(
      'I could not use that: “Score (1 = poor, 5 = excellent)” must be a whole number from 1 to 5. Nothing was saved. ' +
        'Please choose one and try again.',
    );
    expect(shown).toContain('INC-000123');
    expect(h.cases.acts.map((a) => a.action.verb)).toEqual(['refresh']);
  });

  it('answers a bad submission with the notice alone when the clicker may not see the case', async () => {
    h.cases.outcome = {
      ok: false,
      code: 'CASE.FORBIDDEN',
      reply: { kind: 'message', locale: 'en', text: 'Only the support staff can see INC-000123.' },
      card: h.cases.card,
    };
    const res = await h.post(anActionInvoke(ANNA, { verb: 'resolve', caseId: 'c1', version: 1 }));
    const shown = JSON.stringify(((await res.json()) as { value: unknown }).value);
    expect(shown).toContain('I could not use that: please fill in “Solution (what fixed it)” and try again.');
    expect(shown).not.toContain('INC-000123');
  });

  it('routes intake verbs to the intake engine with the submitted inputs', async () => {
    const res = await h.post(anActionInvoke(ANNA, { verb: 'intake_answer', step: 'category', categoryId: 'printing' }));
    const body = (await res.json()) as { value: unknown };
    expect(h.intake.inputs[0]).toMatchObject({
      action: { verb: 'intake_answer', step: 'category', values: { categoryId: 'printing' } },
      values: { categoryId: 'printing' },
    });
    expect(JSON.stringify(body.value)).toContain('Which category?');
  });

  it('answers with a friendly card instead of a 500 when a service throws', async () => {
    h.cases.act = async () => {
      throw new Error('store down');
    };
    const res = await h.post(anActionInvoke(MIA, { verb: 'claim', caseId: 'c1', version: 1 }, 'channel'));
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('Something went wrong');
  });

  it('keeps a case card refresh that failed refreshing, so the case card comes back once the store answers', async () => {
    h.cases.act = async () => {
      throw new AppError('STORE.UNAVAILABLE', 'store down');
    };
    const invoke = anActionInvoke(MIA, { verb: 'refresh', caseId: 'c1', version: 3 }, 'channel');
    const res = await h.post({ ...invoke, value: { ...invoke.value, trigger: 'automatic' } });
    const body = (await res.json()) as { value: { refresh?: unknown } };
    expect(JSON.stringify(body.value)).toContain('Our case system is not answering right now');
    expect(body.value.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'refresh', data: { verb: 'refresh', caseId: 'c1', version: 3 } },
      userIds: ['29:mia'],
    });
  });

  it('binds the catalogue group to the channel when the app is added to its team', async () => {
    await h.post(aTeamInstall(MIA));
    expect(await h.refs.channel('arts-desk')).toMatchObject({
      teamId: '19:team@thread.tacv2',
      channelId: '19:arts-desk@thread.tacv2',
      serviceUrl: SERVICE_URL,
      tenantId: 'tenant-0001',
    });
    expect(await h.refs.channel('helpdesk')).toBeNull();
  });

  it('welcomes the user and stores the reference when the app is installed personally', async () => {
    await h.post(aPersonalInstall(ANNA));
    expect((await h.refs.person('teams:aad-anna'))?.reference).toBeDefined();
    expect(cardText(sent[0]!.body)).toContain('IT support assistant');
  });

  it('stores an unchanged person once when the same user writes again', async () => {
    const writes = refWrites('teams.ref');
    await h.post(aPersonalMessage(ANNA, 'first'));
    h.clock.advance(1_000);
    await h.post(aPersonalMessage(ANNA, 'second'));
    expect(writes()).toBe(1);
    expect(h.intake.inputs[1]?.person).toMatchObject({ id: 'teams:aad-anna', email: 'anna.jensen@example.dk' });
  });

  it('stores the person again when their name or locale changed', async () => {
    const writes = refWrites('teams.ref');
    await h.post(aPersonalMessage(ANNA, 'first'));
    h.clock.advance(1_000);
    await h.post(aPersonalMessage({ ...ANNA, name: 'Anna Holm' }, 'second', { locale: 'da-DK' }));
    expect(writes()).toBe(2);
    expect(await h.refs.person('teams:aad-anna')).toMatchObject({ name: 'Anna Holm', locale: 'da-DK' });
    expect(h.intake.inputs[1]?.person).toMatchObject({ name: 'Anna Holm', locale: 'da' });
  });

  it('stores a channel binding once and again when the team it reports changed', async () => {
    const writes = refWrites('teams.channel');
    await h.post(aChannelMessage(MIA, 'queue'));
    h.clock.advance(1_000);
    await h.post(aChannelMessage(MIA, 'queue'));
    expect(writes()).toBe(1);
    const renamed = aChannelMessage(MIA, 'queue');
    renamed.channelData.team.name = 'IT support';
    await h.post(renamed);
    expect(writes()).toBe(2);
    expect(await h.refs.channel('arts-desk')).toMatchObject({ teamName: 'IT support' });
  });

  it('still answers the user when the store fails to save who wrote', async () => {
    vi.spyOn(h.store, 'putRef').mockRejectedValue(new Error('disk full'));
    const res = await h.post(aPersonalMessage(ANNA, 'The printer is broken'));
    expect(res.status).toBe(200);
    expect(h.intake.inputs[0]?.person).toMatchObject({ id: 'teams:aad-anna', name: 'Anna Jensen' });
    expect(sent).toHaveLength(1);
  });
});

const GROUP_CHAT = '19:group-chat-1@thread.v2';
let groupChatSeq = 0;

/** A message in a Teams group chat the bot was added to (@mentioned): no team, no channel. */
function aGroupChatMessage(user: TestUser, text: string) {
  groupChatSeq += 1;
  return {
    type: 'message',
    id: `gc-${groupChatSeq}`,
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    locale: 'en-US',
    from: { ...user },
    recipient: { id: '28:incident-bot', name: 'Incident bot' },
    conversation: { id: GROUP_CHAT, conversationType: 'groupChat', isGroup: true, tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    text: `<at>Incident bot</at> ${text}`,
  };
}

describe('TeamsBot in a group chat', () => {
  const toGroupChat = () => sent.filter((s) => decodeURIComponent(s.path).includes(GROUP_CHAT));

  it('refuses an admin export there as in a channel: personal data stays out of chats with others', async () => {
    await h.post(aGroupChatMessage(ADA, 'admin export anna.jensen@example.dk'));
    expect(h.staff.calls).toEqual([]);
    expect(toGroupChat()).toHaveLength(1);
    expect(cardText(toGroupChat()[0]!.body)).toContain('only shown in a personal chat');
    expect(toGroupChat().some((s) => s.body.text?.startsWith('```json'))).toBe(false);
  });

  it("does not list the sender's own cases into the group chat when someone writes mine", async () => {
    await h.post(aGroupChatMessage(ANNA, 'mine'));
    expect(JSON.stringify(toGroupChat())).not.toContain('Your cases');
    expect(cardText(toGroupChat()[0]!.body)).toContain('In a channel or group chat I understand');
  });

  it('answers free text with the channel help instead of starting a report, and keeps no reference', async () => {
    await h.post(aGroupChatMessage(ANNA, 'the printer on floor 2 is broken'));
    expect(h.intake.inputs).toHaveLength(0);
    expect(h.cases.replies).toHaveLength(0);
    expect(toGroupChat()).toHaveLength(1);
    expect((await h.refs.person('teams:aad-anna'))?.reference).toBeUndefined();
  });

  it('runs the channel commands there (status), with the card the user sees: not staff notes to everyone there', async () => {
    await h.post(aGroupChatMessage(MIA, 'status INC-000123'));
    expect(cardText(toGroupChat()[0]!.body)).toContain('INC-000123');
    expect(h.cases.lookups).toEqual([{ ref: 'INC-000123', shared: true }]);
  });

  it("looks a case up with staff's own card in a support group's channel", async () => {
    await h.post(aChannelMessage(MIA, 'status INC-000123'));
    expect(h.cases.lookups).toEqual([{ ref: 'INC-000123', shared: false }]);
  });
});

/** Teams telling the bot it was uninstalled from the user's personal scope. */
function aPersonalUninstall(user: TestUser, action = 'remove') {
  const install = aPersonalInstall(user);
  const { membersAdded: _added, ...rest } = install;
  return { ...rest, id: `uninstall-${user.id}`, type: 'installationUpdate', action };
}

describe('TeamsBot when the app is uninstalled from a personal chat', () => {
  it('forgets the personal conversation and keeps who the person is', async () => {
    await h.post(aPersonalMessage(ANNA, 'hello'));
    expect((await h.refs.person('teams:aad-anna'))?.reference).toBeDefined();
    sent.length = 0;
    const res = await h.post(aPersonalUninstall(ANNA));
    expect(res.status).toBe(200);
    const after = await h.refs.person('teams:aad-anna');
    expect(after?.reference).toBeUndefined();
    expect(after).toMatchObject({ userId: '29:anna', email: 'anna.jensen@example.dk' });
    expect(await h.refs.personIdByEmail('anna.jensen@example.dk')).toBe('teams:aad-anna');
    // Nothing is sent into a conversation the bot is no longer part of.
    expect(sent).toEqual([]);
  });

  it('forgets it too when the removal comes with an upgrade, and stores it again once the person writes', async () => {
    await h.post(aPersonalMessage(ANNA, 'hello'));
    await h.post(aPersonalUninstall(ANNA, 'remove-upgrade'));
    expect((await h.refs.person('teams:aad-anna'))?.reference).toBeUndefined();
    await h.post(aPersonalMessage(ANNA, 'back again'));
    expect((await h.refs.person('teams:aad-anna'))?.reference).toBeDefined();
  });

  it('keeps the reference forgotten when the conversationUpdate removing the bot follows the uninstall', async () => {
    await h.post(aPersonalMessage(ANNA, 'hello'));
    await h.post(aPersonalUninstall(ANNA));
    expect((await h.refs.person('teams:aad-anna'))?.reference).toBeUndefined();
    const { membersAdded: _added, ...rest } = aPersonalInstall(ANNA);
    sent.length = 0;
    const removed = { ...rest, id: 'removed-1', type: 'conversationUpdate', membersRemoved: [{ id: BOT_ID }] };
    expect((await h.post(removed)).status).toBe(200);
    expect((await h.refs.person('teams:aad-anna'))?.reference).toBeUndefined();
    expect(sent).toEqual([]);
  });

  it('forgets the reference when only the conversationUpdate removing the bot arrives', async () => {
    await h.post(aPersonalMessage(ANNA, 'hello'));
    const { membersAdded: _added, ...rest } = aPersonalInstall(ANNA);
    await h.post({ ...rest, id: 'removed-2', type: 'conversationUpdate', membersRemoved: [{ id: BOT_ID }] });
    const after = await h.refs.person('teams:aad-anna');
    expect(after?.reference).toBeUndefined();
    expect(after).toMatchObject({ userId: '29:anna' });
  });

  it('sends later personal messages by creating the chat anew instead of through the stale conversation', async () => {
    await h.post(aPersonalMessage(ANNA, 'hello'));
    await h.post(aPersonalUninstall(ANNA));
    nock.cleanAll();
    const stale = nock(CONNECTOR_HOST)
      .post(`/teams/v3/conversations/${personalConversation(ANNA).id}/activities`)
      .reply(403, { error: { code: 'BotNotInConversationRoster' } });
    const created = nock(CONNECTOR_HOST)
      .post('/teams/v3/conversations')
      .reply(201, { id: 'a:personal-new' })
      .post('/teams/v3/conversations/a:personal-new/activities')
      .reply(201, { id: 'm1' });
    await h.gateway.sendToPerson({ id: 'teams:aad-anna', name: 'Anna' }, { kind: 'message', locale: 'en', text: 'Hi' });
    expect(created.isDone()).toBe(true);
    expect(stale.isDone()).toBe(false);
  });
});
