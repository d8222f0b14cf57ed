import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import { stepOf } from '../helpers/drive-intake.js';
import { type HardenedApp, teamsText } from '../helpers/hardening-app.js';
import { ANNA, aPersonalMessage, SERVICE_URL } from '../helpers/teams-activities.js';

const PUBLIC_URL = 'https://bot.au.test';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 0xff]);

const apps = appPerTest('attachments-e2e-');

describe('a picture sent with a report, end to end', () => {
  let a: HardenedApp;
  beforeEach(async () => {
    a = await apps.start(() => ({ env: { PUBLIC_URL }, teamsEmails: { [ANNA.id]: 'anna.jensen@cas.au.dk' } }));
  });

  it('is kept with the draft, registered with the case, shown on the desk card and served from its link', async () => {
    nock('https://smba.test').get('/teams/v3/attachments/shot/views/original').reply(200, PNG);
    const picture = { contentType: 'image/*', contentUrl: `${SERVICE_URL}v3/attachments/shot/views/original` };
    const res = await a.teams(
      aPersonalMessage(ANNA, 'The printer in room 235 shows error E-042', { attachments: [picture] }),
    );
    expect(res.status).toBe(200);
    expect(a.teamsCalls.map(teamsText).join('\n')).toContain('Kept with your report: picture.png.');

    // The rest of the report, answered in the same chat (the engine under the Teams transport).
    const { conversations, store } = a.app.services;
    const base = {
      conversationKey: `teams:a:personal-${ANNA.id}:${ANNA.aadObjectId}`,
      person: {
        id: `teams:${ANNA.aadObjectId}`,
        name: ANNA.name,
        email: 'anna.jensen@cas.au.dk',
        locale: 'en' as const,
      },
      platform: 'teams' as const,
      locale: 'en-US',
    };
    let reply = await conversations.handle({ ...base, text: '' });
    for (let turn = 0; turn < 30 && stepOf(reply) !== 'intake-summary'; turn++) {
      const form = [...reply.views].reverse().find((v) => v.form)?.form;
      const input = form?.inputs[0];
      let text = 'Building 1481, room 235';
      if (stepOf(reply) === 'intake-knowledge') text = 'no';
      else if (input?.kind === 'choice') text = '1';
      else if (input?.kind === 'yes_no') text = 'yes';
      else if (input?.kind === 'date') text = '2025-03-01';
      reply = await conversations.handle({ ...base, text });
    }
    expect(stepOf(reply)).toBe('intake-summary');
    expect(JSON.stringify(reply.views)).toContain('picture.png');
    const done = await conversations.handle({ ...base, action: { verb: 'intake_confirm' } });
    expect(done.state).toBe('done');
    const c = (await store.getCase(done.case!.id))!;
    expect(c.attachments).toMatchObject([{ name: 'picture.png', contentType: 'image/png', size: PNG.length }]);
    const id = c.attachments![0]!.id;
    expect((await store.getFile(id))?.caseId).toBe(c.id);
    // The registered view names it too.
    expect(JSON.stringify(done.views)).toContain('picture.png');

    // The desk's channel card links to it.
    const link = `${PUBLIC_URL}/files/${id}/picture.png`;
    await expect.poll(() => a.teamsCalls.some((call) => teamsText(call).includes(link)), { timeout: 5000 }).toBe(true);

    // And the link serves the bytes, inline, as the image it is.
    const got = await fetch(`${a.base}/files/${id}/picture.png`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);

    // And operations see it, refusals too.
    nock('https://smba.test')
      .get('/teams/v3/attachments/huge/views/original')
      .reply(200, 'x', { 'content-length': String(20 * 1024 * 1024) });
    const huge = { contentType: 'image/png', contentUrl: `${SERVICE_URL}v3/attachments/huge/views/original` };
    await a.teams(aPersonalMessage(ANNA, '', { attachments: [huge] }));
    const metrics = await (await fetch(`${a.base}/metrics`)).text();
    expect(metrics).toContain('attachments_total{platform="teams",outcome="kept"} 1');
    expect(metrics).toContain(`attachment_bytes_total{platform="teams"} ${PNG.length}`);
    expect(metrics).toContain('attachments_total{platform="teams",outcome="too_big"} 1');
  });
});
