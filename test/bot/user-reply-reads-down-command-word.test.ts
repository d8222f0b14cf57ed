import { describe, expect, it } from 'vitest';
import { storeDownText } from '../../src/bot/failure-texts.js';
import {
  annaInTeams,
  annaWritesInSlack,
  annaWritesInTeams,
  boInSlack,
  claimedCase,
  userReplyOutageApps,
} from '../helpers/user-reply-case.js';

const { start, flaky } = userReplyOutageApps('user-reply-reads-down-command-word-');

const QUOTED = {
  en: 'Our case system is not answering right now, so your message was not taken and nothing was saved. Please send it again in a moment. Here is what you wrote:',
  da: 'Vores sagssystem svarer ikke lige nu, så din besked blev ikke taget imod, og intet blev gemt. Send den gerne igen om et øjeblik. Her er det, du skrev:',
};

describe('a chat message whose first word is a command, while the store answers no reads', () => {
  it('"Status unchanged" (no case number: an answer, not the command) is quoted back on Teams (EN, DA) and in the Slack DM (DA, EN)', async () => {
    const app = await start();
    await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Is it still failing?');
    await claimedCase(app, { ...boInSlack, locale: 'da' }, 'Virker det stadig ikke?');
    flaky().down = true;
    flaky().readsToo = true;

    const en = await annaWritesInTeams(app, 'Status unchanged');
    expect(en).toContain(QUOTED.en);
    expect(en).toContain('Status unchanged');
    expect(en).not.toContain(storeDownText.en);
    expect(en).not.toContain('is not a case number');

    const da = await annaWritesInTeams(app, 'Status uændret', 'da-DK');
    expect(da).toContain(QUOTED.da);
    expect(da).toContain('Status uændret');
    expect(da).not.toContain(storeDownText.da);
    expect(da).not.toContain('er ikke et sagsnummer');

    const slackDa = await annaWritesInSlack(app, 'Status uændret', 'Ev1', 'U0BO');
    expect(slackDa).toContain('Status uændret');
    expect(slackDa).toContain(QUOTED.da.replace(/:$/, ''));
    expect(slackDa).not.toContain(storeDownText.da);
    expect(slackDa).not.toContain('er ikke et sagsnummer');

    const slackEn = await annaWritesInSlack(app, 'Status unchanged', 'Ev2');
    expect(slackEn).toContain('Status unchanged');
    expect(slackEn).toContain(QUOTED.en.replace(/:$/, ''));
    expect(slackEn).not.toContain('is not a case number');
  }, 30_000);

  it('a real command during the outage keeps its own answer (`status <number>`: the general notice, nothing quoted)', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Is it still failing?');
    flaky().down = true;
    flaky().readsToo = true;

    const en = await annaWritesInTeams(app, `status ${c.number}`);
    expect(en).toContain(storeDownText.en);
    expect(en).not.toContain(QUOTED.en);

    const da = await annaWritesInSlack(app, `status ${c.number}`, 'Ev3', 'U0BO');
    expect(da).toContain(storeDownText.da);
    expect(da).not.toContain(QUOTED.da);
  }, 30_000);
});
