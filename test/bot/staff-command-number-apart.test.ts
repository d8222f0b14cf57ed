import { describe, expect, it } from 'vitest';
import { parseStaffCommand } from '../../src/bot/staff-commands.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { annasWifiCase, type HardenedApp } from '../helpers/hardening-app.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { slashCommand } from '../helpers/slack-requests.js';

const apps = appPerTest('staff-number-apart-');

/** What the app answered `/incident <text>` of Emma (ARTS Support) through its response URL. */
async function emmaTypes(h: HardenedApp, text: string): Promise<string> {
  const before = h.responses.length;
  const sent = await h.slack(slashCommand(slackUsers.emma, text, { responseUrl: 'https://hooks.slack.test/r/1' }));
  expect(sent.status).toBe(200);
  await expect.poll(() => h.responses.length).toBeGreaterThan(before);
  return String(h.responses[before]?.body['text']);
}

describe('staff commands with a case number written apart (inc 5), as status and add take it', () => {
  it('reads similar and major declare, link and unlink alike, and still refuses what is no number', () => {
    expect(parseStaffCommand('similar inc 5')).toEqual({
      ok: true,
      command: { kind: 'similar', number: 'INC-000005' },
    });
    expect(parseStaffCommand('lignende SR 7')).toEqual({ ok: true, command: { kind: 'similar', number: 'SR-000007' } });
    expect(parseStaffCommand('major declare inc 7 2 printers   are down')).toEqual({
      ok: true,
      command: { kind: 'major_declare', number: 'INC-000007', summary: '2 printers are down' },
    });
    expect(parseStaffCommand('major link inc 8 inc 7')).toEqual({
      ok: true,
      command: { kind: 'major_link', number: 'INC-000008', parentNumber: 'INC-000007' },
    });
    expect(parseStaffCommand('storsag frakobl inc 8')).toEqual({
      ok: true,
      command: { kind: 'major_unlink', number: 'INC-000008' },
    });
    for (const text of ['similar inc 5 inc 6', 'similar inc', 'major declare inc 7', 'major declare INC-7x down']) {
      expect(parseStaffCommand(text), text).toMatchObject({ ok: false });
    }
    for (const text of ['major link inc 8 inc 7 now', 'major link inc 8', 'major unlink inc 8 inc 7']) {
      expect(parseStaffCommand(text), text).toMatchObject({ ok: false });
    }
    const long = parseStaffCommand(`major declare inc 7 ${'x'.repeat(501)}`);
    expect(long?.ok === false && long.usage.en).toContain('at most 500 characters');
  });

  it('answers /incident similar inc 1 and declares with /incident major declare inc 1 … (Slack, the whole app)', async () => {
    const h = await apps.start(() => ({ rateLimit: false, slackUsers: [slackUsers.emma] }));
    const c = await annasWifiCase(h);
    expect(c.number).toBe('INC-000001');
    expect(await emmaTypes(h, 'similar inc 1')).toMatch(/^Cases like INC-000001/);
    expect(await emmaTypes(h, 'major declare inc 1 Eduroam is down in Nobelparken')).toContain(
      'INC-000001 is now a major incident',
    );
    expect((await h.app.services.store.getCase(c.id))?.major?.summary.en).toBe('Eduroam is down in Nobelparken');
  });
});
