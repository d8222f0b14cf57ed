import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HelpRights } from '../../../src/bot/command-help.js';
import { parseTeamsCommand, TEAMS_COMMAND_WORDS } from '../../../src/bot/teams/teams-commands.js';
import { TEAMS_HELP, type TeamsHelpTopic, teamsChannelHelp, teamsHelp } from '../../../src/bot/teams/teams-help.js';
import { isOrderCommand } from '../../../src/services/conversations.js';
import { parseCommand } from '../../../src/services/intake/intake-commands.js';
import { ADA, ANNA, aChannelMessage, aPersonalMessage, MIA } from '../../helpers/teams-activities.js';
import { CONNECTOR_HOST, startTeamsHarness, type TeamsHarness } from '../../helpers/teams-harness.js';

const USER: HelpRights = { staff: false, admin: false };
const STAFF: HelpRights = { staff: true, admin: false };
const ADMIN: HelpRights = { staff: true, admin: true };

/** Arguments that make each command parse, so every help line's words are checked against the real parser. */
const SAMPLE_ARGS: Record<TeamsHelpTopic, string> = {
  new: '',
  status: 'INC-000123',
  add: 'INC-000123 The printer is in room 1.23',
  mine: '',
  order: '',
  help: '',
  new_for: 'anna@au.dk template',
  queue: '',
  search: 'printer 1485',
  similar: 'INC-000123',
  stats: '',
  major_declare: 'INC-000123 Mail is down',
  major_link: 'INC-000124 INC-000123',
  major_unlink: 'INC-000124',
  admin_export: 'someone@example.dk',
  admin_erase: 'someone@example.dk',
};

/** The topic the real parsers read `text` as (order is read by the conversation router, new for by the intake). */
function topicOf(text: string): string | undefined {
  if (isOrderCommand(text)) return 'order';
  if (parseCommand(text)?.kind === 'new_for') return 'new_for';
  const parsed = parseTeamsCommand(text);
  if (!parsed?.ok) return undefined;
  return parsed.command.kind === 'staff' ? parsed.command.command.kind : parsed.command.kind;
}

const topics = Object.keys(TEAMS_HELP) as TeamsHelpTopic[];
const byAudience = (audience: string) => topics.filter((t) => TEAMS_HELP[t].audience === audience);

describe('TEAMS_HELP', () => {
  it('has a help line for every command word the parser knows', () => {
    for (const [word, kind] of Object.entries(TEAMS_COMMAND_WORDS)) {
      expect(TEAMS_HELP[kind], `"${word}" (${kind}) has no help line`).toBeDefined();
      for (const locale of ['da', 'en'] as const) expect(teamsHelp(ADMIN, locale)).toContain(TEAMS_HELP[kind][locale]);
    }
  });

  it('names only words the parser reads as that command when each line is typed', () => {
    for (const topic of topics) {
      for (const word of TEAMS_HELP[topic].words) {
        expect(topicOf(`${word} ${SAMPLE_ARGS[topic]}`.trim()), `"${word}"`).toBe(topic);
      }
    }
  });

  it('starts each line with one of its command words when shown in either language', () => {
    for (const topic of topics) {
      const entry = TEAMS_HELP[topic];
      for (const locale of ['da', 'en'] as const) {
        expect(
          entry.words.some((w) => entry[locale].startsWith(w)),
          `${topic} ${locale}`,
        ).toBe(true);
      }
    }
  });
});

describe('teamsHelp', () => {
  it('lists every command for an admin when asked in either language', () => {
    for (const locale of ['da', 'en'] as const) {
      const help = teamsHelp(ADMIN, locale);
      for (const topic of topics) expect(help).toContain(TEAMS_HELP[topic][locale]);
    }
  });

  it('lists the user and staff commands but no admin command for staff', () => {
    const help = teamsHelp(STAFF, 'en');
    for (const topic of [...byAudience('user'), ...byAudience('staff')]) expect(help).toContain(TEAMS_HELP[topic].en);
    expect(help).not.toContain('admin');
  });

  it('mentions no staff or admin command to a user', () => {
    for (const locale of ['da', 'en'] as const) {
      const help = teamsHelp(USER, locale);
      for (const topic of byAudience('user')) expect(help).toContain(TEAMS_HELP[topic][locale]);
      for (const word of ['queue', 'kø', 'stats', 'major', 'admin', 'support']) expect(help).not.toContain(word);
    }
  });
});

describe('teamsChannelHelp', () => {
  it('lists no personal-chat-only command and no admin command when the reader is an admin', () => {
    const help = teamsChannelHelp(ADMIN, 'en');
    expect(help).toContain(TEAMS_HELP.queue.en);
    expect(help).toContain(TEAMS_HELP.major_declare.en);
    for (const topic of ['new', 'mine', 'order', 'admin_export', 'admin_erase'] as const) {
      expect(help).not.toContain(TEAMS_HELP[topic].en);
    }
  });

  it('shows a user only status and help when asked in a channel', () => {
    const help = teamsChannelHelp(USER, 'en');
    expect(help).toContain(TEAMS_HELP.status.en);
    expect(help).toContain(TEAMS_HELP.help.en);
    for (const word of ['queue', 'stats', 'major', 'admin']) expect(help).not.toContain(word);
  });
});

type Posted = { text?: string; attachments?: { content: unknown }[] };

describe('TeamsBot help', () => {
  let h: TeamsHarness;
  let sent: Posted[];

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
      .reply(200, (_path, body) => {
        sent.push(body as Posted);
        return { id: `sent-${sent.length}` };
      });
  });

  afterEach(async () => {
    await h.close();
    nock.cleanAll();
  });

  /** The card the bot answered with, as the text a person reads (JSON-unescaped paragraphs joined). */
  async function helpFor(activity: object): Promise<string> {
    const res = await h.post(activity);
    expect(res.status).toBe(200);
    expect(sent).toHaveLength(1);
    const texts: string[] = [];
    JSON.stringify(sent[0]?.attachments?.[0]?.content ?? {}, (key, value) => {
      // As Teams shows it: a backslash escape shows the character after it.
      if (key === 'text' && typeof value === 'string') texts.push(value.replace(/\\(.)/g, '$1'));
      return value;
    });
    return texts.join('\n');
  }

  it('shows a user only the user commands when the user writes help', async () => {
    const text = await helpFor(aPersonalMessage(ANNA, 'help'));
    expect(text).toContain('How to use IT support');
    for (const topic of byAudience('user')) expect(text).toContain(TEAMS_HELP[topic].en);
    for (const word of ['queue', 'stats', 'major', 'admin', 'support staff']) expect(text).not.toContain(word);
    expect(h.intake.inputs).toHaveLength(0);
  });

  it('adds the staff commands but not the admin ones when a group member writes help', async () => {
    const text = await helpFor(aPersonalMessage(MIA, 'help'));
    for (const topic of [...byAudience('user'), ...byAudience('staff')]) expect(text).toContain(TEAMS_HELP[topic].en);
    expect(text).not.toContain('admin');
  });

  it('lists every command in Danish when a catalogue admin writes hjælp with a Danish client', async () => {
    const text = await helpFor(aPersonalMessage(ADA, 'hjælp', { locale: 'da-DK' }));
    expect(text).toContain('Sådan bruger du IT-support');
    for (const topic of topics) expect(text).toContain(TEAMS_HELP[topic].da);
  });

  it('gives a user in a channel the channel help without staff commands when the mention is no command', async () => {
    const text = await helpFor(aChannelMessage(ANNA, '<at>Incident bot</at> hello'));
    expect(text).toContain(TEAMS_HELP.status.en);
    for (const word of ['queue', 'stats', 'major', 'admin']) expect(text).not.toContain(word);
  });

  it('gives staff in a channel the staff commands that work there when the mention is no command', async () => {
    const text = await helpFor(aChannelMessage(MIA, '<at>Incident bot</at> hello'));
    expect(text).toContain(TEAMS_HELP.queue.en);
    expect(text).toContain(TEAMS_HELP.stats.en);
    expect(text).not.toContain('admin');
  });
});
