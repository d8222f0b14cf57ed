import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { HelpRights } from '../../../src/bot/command-help.js';
import { parseStaffCommand } from '../../../src/bot/staff-commands.js';
import { SUBCOMMANDS } from '../../../src/bot/slack/slack-commands.js';
import { SLACK_HELP, type SlackHelpTopic, slackHelp } from '../../../src/bot/slack/slack-help.js';
import { parseCommand } from '../../../src/services/intake/intake-commands.js';
import { type SlackUserFixture, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';

const USER: HelpRights = { staff: false, admin: false };
const STAFF: HelpRights = { staff: true, admin: false };
const ADMIN: HelpRights = { staff: true, admin: true };
const CMD = '/incident';

/** Birgitte is one of the shipped catalogue's admins and in no group. */
const birgitte: SlackUserFixture = {
  id: 'U0BIRGITTE',
  name: 'Birgitte Lund',
  email: 'birgitte.lund@au.dk',
  locale: 'da-DK',
};

/** Arguments that make each staff command parse, so the help lines' words are checked against the parser. */
const STAFF_ARGS: Partial<Record<SlackHelpTopic, string>> = {
  new_for: 'anna@au.dk template',
  search: 'printer 1485',
  similar: 'INC-000123',
  stats: '',
  major_declare: 'INC-000123 Mail is down',
  major_link: 'INC-000124 INC-000123',
  major_unlink: 'INC-000124',
  admin_export: 'someone@example.dk',
  admin_erase: 'someone@example.dk',
};

/**
 * The topic the slash command reads `text` as: a staff command first, then a subcommand (as runCommand does); `new
 * for …` opens the intake with the whole text, which reads it (intakeText).
 */
function topicOf(text: string): string | undefined {
  if (parseCommand(text)?.kind === 'new_for') return 'new_for';
  const staff = parseStaffCommand(text);
  if (staff) return staff.ok ? staff.command.kind : undefined;
  return SUBCOMMANDS[text.trim().split(/\s+/)[0]?.toLowerCase() ?? ''];
}

const topics = Object.keys(SLACK_HELP) as SlackHelpTopic[];
const byAudience = (audience: string) => topics.filter((t) => SLACK_HELP[t].audience === audience);
const line = (topic: SlackHelpTopic, locale: 'da' | 'en') => `${CMD} ${SLACK_HELP[topic][locale]}`;

describe('SLACK_HELP', () => {
  it('tells staff which of their commands work in a DM, each one the DM reads as that command', () => {
    const dmWords: [string, string, string][] = [
      ['search', 'søg', 'printer 1485'],
      ['similar', 'lignende', 'INC-000123'],
    ];
    for (const [en, da, args] of dmWords) {
      expect(slackHelp(STAFF, 'en', CMD)).toContain(` ${en},`);
      expect(slackHelp(STAFF, 'da', CMD)).toContain(` ${da},`);
      expect(slackHelp(USER, 'en', CMD)).not.toContain(` ${en},`);
      // The DM reads a staff member's text with parseStaffCommand (onDirectMessage).
      for (const word of [en, da]) expect(parseStaffCommand(`${word} ${args}`, '', true)?.ok).toBe(true);
    }
  });

  it('has a help line for every subcommand the slash command knows', () => {
    for (const [word, kind] of Object.entries(SUBCOMMANDS)) {
      expect(SLACK_HELP[kind], `"${word}" (${kind}) has no help line`).toBeDefined();
      for (const locale of ['da', 'en'] as const) expect(slackHelp(ADMIN, locale, CMD)).toContain(line(kind, locale));
    }
  });

  it('names only words the slash command reads as that command when each line is typed', () => {
    for (const topic of topics) {
      for (const word of SLACK_HELP[topic].words) {
        expect(topicOf(`${word} ${STAFF_ARGS[topic] ?? ''}`.trim()), `"${word}"`).toBe(topic);
      }
    }
  });

  it('starts each line with one of its command words when shown in either language', () => {
    for (const topic of topics) {
      const entry = SLACK_HELP[topic];
      for (const locale of ['da', 'en'] as const) {
        expect(
          entry.words.some((w) => entry[locale].startsWith(w)),
          `${topic} ${locale}`,
        ).toBe(true);
      }
    }
  });
});

describe('slackHelp', () => {
  it('lists every command for an admin when asked in either language', () => {
    for (const locale of ['da', 'en'] as const) {
      const help = slackHelp(ADMIN, locale, CMD);
      for (const topic of topics) expect(help).toContain(line(topic, locale));
    }
  });

  it('lists the user and staff commands but no admin command for staff', () => {
    const help = slackHelp(STAFF, 'en', CMD);
    for (const topic of [...byAudience('user'), ...byAudience('staff')]) expect(help).toContain(line(topic, 'en'));
    expect(help).not.toContain('admin');
  });

  it('names what a direct message understands besides a description when asked in either language', () => {
    const dm = (locale: 'da' | 'en') => slackHelp(USER, locale, CMD).split('\n\n').at(-1) ?? '';
    expect(dm('en')).toContain('"status INC-000123"');
    expect(dm('en')).toContain('"mine"');
    expect(dm('en')).toContain('"order"');
    expect(dm('da')).toContain('"status INC-000123"');
    expect(dm('da')).toContain('"mit"');
    expect(dm('da')).toContain('"bestil"');
  });

  it('mentions no staff or admin command to a user', () => {
    for (const locale of ['da', 'en'] as const) {
      const help = slackHelp(USER, locale, CMD);
      for (const topic of byAudience('user')) expect(help).toContain(line(topic, locale));
      for (const word of ['queue', 'kø', 'stats', 'major', 'admin', 'support']) expect(help).not.toContain(word);
    }
  });
});

interface Responded {
  response_type?: string;
  text: string;
  blocks?: { type: string; text?: { text: string } }[];
}

describe('slack /incident help', () => {
  const h = slackHarnessPerTest({}, slackUsers.anna, slackUsers.bo, slackUsers.jonas, birgitte);
  let responded: Responded[];

  beforeEach(async () => {
    responded = [];
    nock('https://hooks.slack.test')
      .post('/commands/T0AU/7', (b) => {
        responded.push(b as Responded);
        return true;
      })
      .reply(200, 'ok')
      .persist();
  });

  /** Runs `/incident <text>` as `user` and returns the one ephemeral answer as the text people read. */
  async function ask(text: string, user: SlackUserFixture): Promise<string> {
    const res = await h.send({
      kind: 'form',
      fields: {
        command: CMD,
        text,
        user_id: user.id,
        user_name: user.name,
        team_id: 'T0AU',
        channel_id: 'C0RANDOM',
        trigger_id: 'trigger-7',
        response_url: 'https://hooks.slack.test/commands/T0AU/7',
        api_app_id: 'A0APP',
        token: 'legacy',
      },
    });
    expect(res.status).toBe(200);
    expect(responded).toHaveLength(1);
    expect(responded[0]?.response_type).toBe('ephemeral');
    const shown = (responded[0]?.blocks ?? []).map((b) => b.text?.text ?? '').join('\n\n');
    return shown.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
  }

  it('shows a user only the user commands when the user asks for help', async () => {
    const text = await ask('help', slackUsers.anna);
    for (const topic of byAudience('user')) expect(text).toContain(line(topic, 'en'));
    for (const word of ['queue', 'stats', 'major', 'admin', 'support staff']) expect(text).not.toContain(word);
  });

  it('adds the staff commands but not the admin ones when a group member asks for help', async () => {
    const text = await ask('help', slackUsers.jonas);
    for (const topic of [...byAudience('user'), ...byAudience('staff')]) expect(text).toContain(line(topic, 'en'));
    expect(text).not.toContain('admin');
  });

  it('lists every command in Danish when a catalogue admin with a Danish Slack sends the bare command', async () => {
    const text = await ask('', birgitte);
    for (const topic of topics) expect(text).toContain(line(topic, 'da'));
  });

  it('answers an unknown subcommand with the user help in the user locale when a user mistypes', async () => {
    const text = await ask('frobnicate now', slackUsers.bo);
    expect(text).toContain('"frobnicate" kender jeg ikke');
    for (const topic of byAudience('user')) expect(text).toContain(line(topic, 'da'));
    for (const word of ['kø', 'stats', 'major', 'admin']) expect(text).not.toContain(word);
  });
});
