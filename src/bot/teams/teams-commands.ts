import { parseCommand } from '../../services/intake/intake-commands.js';
import { ADD_WORDS, parseAddArgument } from '../add-command.js';
import { parseQueueArgument, parseStatusArgument, QUEUE_WORDS } from '../chat-command-args.js';
import { parseStaffCommand, type StaffCommand } from '../staff-commands.js';

/** A chat command the Teams bot understands (also listed in the manifest's `commandLists`). */
export type TeamsCommand =
  | { kind: 'new'; rest: string }
  | { kind: 'status'; ref: string }
  /** `add <number> <text>`: a user adds to a case of theirs. */
  | { kind: 'add'; ref: string; text: string; apart?: true }
  | { kind: 'mine' }
  | { kind: 'help' }
  | { kind: 'queue'; groupId?: string }
  /** `stats [group] [period]`, `admin export|erase <email>`, `major declare|link|unlink …` (see staff-commands). */
  | { kind: 'staff'; command: StaffCommand };

/** A command word with a bad argument: the reply says what is wrong and how to write it. */
export interface CommandError {
  command: string;
  message: { da: string; en: string };
}

export type CommandParse = { ok: true; command: TeamsCommand } | { ok: false; error: CommandError } | null;

/** The command words (English and Danish) and the command each starts; staff commands: see staff-commands. */
export const TEAMS_COMMAND_WORDS: Readonly<Record<string, Exclude<TeamsCommand['kind'], 'staff'>>> = {
  new: 'new',
  ny: 'new',
  status: 'status',
  ...Object.fromEntries(ADD_WORDS.map((w) => [w, 'add' as const])),
  mine: 'mine',
  mit: 'mine',
  help: 'help',
  hjælp: 'help',
  hjaelp: 'help',
  ...Object.fromEntries(QUEUE_WORDS.map((w) => [w, 'queue' as const])),
};

/**
 * Whether a message read as a command (`parseTeamsCommand`) is one by its first word only, so that, while a
 * question waits for the person's answer, it is that answer (as in Slack's DM): `new`/`ny` followed by other
 * words than `for <person>` ("Ny HP-printer, den står i 1.23"), and `status` without a case number after it
 * ("Status is unchanged"; a longer sentence is no command at all, see `parseStatusArgument`). Bare `new`/`ny`
 * (`new case`, `ny sag`) and `new for <person>` are commands.
 */
export function firstWordOnly(parse: NonNullable<CommandParse>, text: string): boolean {
  if (!parse.ok) return parse.error.command === 'status';
  if (parse.command.kind !== 'new' || parse.command.rest === '') return false;
  const whole = parseCommand(text.trim().replace(/^\//, ''))?.kind;
  return whole !== 'new' && whole !== 'new_for';
}

/**
 * Reads a chat message as a command: the first word (`new`, `status <number>`, `add <number> <text>`, `mine`,
 * `help`, staff: `queue [group]`, `search <words | email>`, `similar <number>`, `stats [group] [period]`,
 * `major declare|link|unlink …`, admins: `admin export|erase <email>`; Danish words too), the rest as its
 * argument, validated with zod. Returns null when the text is not a command (free text starts an intake), an error
 * with a usage hint for a bad argument. Mentions of the bot must already be stripped. `withFiles`: the message
 * carries pictures or files (then `add <number>` needs no text). `isStaff`: the person is support staff; for
 * anyone else `search …` and `similar …` are not commands but a report, and so are `stats …` and `queue …` unless
 * well-formed (then the service says they are for staff): no usage hint takes over their report.
 */
export function parseTeamsCommand(text: string, withFiles = false, isStaff = true): CommandParse {
  const staff = parseStaffCommand(text, '', isStaff);
  if (staff) {
    return staff.ok
      ? { ok: true, command: { kind: 'staff', command: staff.command } }
      : { ok: false, error: { command: 'staff', message: staff.usage } };
  }
  const trimmed = text.trim().replace(/^\//, '');
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(trimmed);
  if (!match) return null;
  const word = match[1]!.toLowerCase();
  const rest = (match[2] ?? '').trim();
  const kind = TEAMS_COMMAND_WORDS[word];
  if (!kind) return null;
  switch (kind) {
    case 'new':
      return { ok: true, command: { kind: 'new', rest } };
    case 'status': {
      // "Status page of the wiki shows an error" is a report, not a bad `status` (chat-command-args).
      const status = parseStatusArgument(rest);
      if (!status) return null;
      if (!status.ok) return { ok: false, error: { command: 'status', message: status.message } };
      return { ok: true, command: { kind: 'status', ref: status.ref } };
    }
    case 'add': {
      // "add"/"tilføj" followed by anything but a case number is a report like any other; `add inc 123 …` (a space
      // inside the number) is read as `add INC-000123 …` by parseAddArgument, as on Slack.
      const add = parseAddArgument(rest, withFiles);
      if (!add) return null;
      if (!add.ok) return { ok: false, error: { command: 'add', message: add.message } };
      return {
        ok: true,
        command: { kind: 'add', ref: add.ref, text: add.text, ...(add.apart ? { apart: true as const } : {}) },
      };
    }
    case 'queue': {
      // For anyone but staff only a well-formed command is one: "Queue in Brightspace is stuck" is a report.
      const queue = parseQueueArgument(rest, isStaff);
      if (!queue) return null;
      if (!queue.ok) return { ok: false, error: { command: 'queue', message: queue.message } };
      return { ok: true, command: queue.groupId ? { kind: 'queue', groupId: queue.groupId } : { kind: 'queue' } };
    }
    // A free-text report may well start with "mine" or "help": only the bare word is a command.
    case 'mine':
    case 'help':
      return rest === '' ? { ok: true, command: { kind } } : null;
  }
}
