import type { App } from '@slack/bolt';
import { renderCaseCardBlocks } from '../../cards/slack/render-case-card-blocks.js';
import { renderMessageBlocks } from '../../cards/slack/render-message-blocks.js';
import type { MessageView } from '../../cards/view-models.js';
import { parseCaseNumber } from '../../models/case.js';
import { ADD_WORDS, parseAddArgument } from '../add-command.js';
import { parseStaffCommand } from '../staff-commands.js';
import { newForWith, parseCommand, TEMPLATE_SUFFIX } from '../../services/intake/intake-commands.js';
import { arrivalOf, type SlackContext, type Where } from './slack-context.js';
import { slackPersonId } from './slack-ids.js';
import { slackHelp } from './slack-help.js';
import { slackPlainText } from './slack-markup.js';
import { helpRightsOf } from '../command-help.js';
import { slackTexts, textView } from './slack-replies.js';
import { REPORT_SHORTCUT } from './slack-modals.js';
import { runSlackStaffCommand } from './slack-staff.js';

/** What a subcommand of the slash command does (the staff and admin commands are read by staff-commands). */
export type SlackSubcommand = 'new' | 'order' | 'status' | 'add' | 'mine' | 'queue' | 'help';

/** Subcommands of the slash command, in English and Danish (`stats`, `admin`, `major`: see staff-commands). */
export const SUBCOMMANDS: Readonly<Record<string, SlackSubcommand>> = {
  new: 'new',
  ny: 'new',
  order: 'order',
  bestil: 'order',
  status: 'status',
  ...Object.fromEntries(ADD_WORDS.map((w) => [w, 'add' as const])),
  mine: 'mine',
  mit: 'mine',
  queue: 'queue',
  kø: 'queue',
  koe: 'queue',
  help: 'help',
  hjælp: 'help',
  hjaelp: 'help',
  '': 'help',
};

/**
 * The slash command (`/incident` unless configured otherwise) and the global shortcut. Both are acknowledged at
 * once with an empty body; answers follow through `respond` (ephemeral, via the response URL, so they work in
 * any channel; when that URL certainly took none, in the channel or the DM: `SlackContext.answer`; an admin's
 * export goes as a file to their DM) and the intake (or, with `order`/`bestil`, the equipment order) opens as a modal with the trigger id.
 */
export function registerCommands(app: App, ctx: SlackContext): void {
  const cmd = ctx.deps.command;

  app.command(cmd, async ({ command, ack, respond, context }) => {
    await ack();
    // Slack escapes a command's text like a message's (`&amp;`, and links and mentions unless "escape" is off).
    // Mentioned people are looked up for their names; in a command that opens a modal inside the race for the
    // trigger id (3 s), where the text after `new` is read (`intakeText`).
    const raw = command.text ?? '';
    const quick = slackPlainText(raw);
    const opensModal = ['new', 'order'].includes(SUBCOMMANDS[firstWord(quick)] ?? '');
    const text = opensModal ? quick : await ctx.plainText(raw);
    const input = { text, raw, userId: command.user_id, userName: command.user_name };
    // Answers go through the response URL; when it takes none, into the channel or the DM (`SlackContext.answer`).
    const where: Where = {
      userId: command.user_id,
      dm: false,
      ...(command.channel_id ? { channel: command.channel_id } : {}),
      respond,
    };
    await runCommand(ctx, { ...input, triggerId: command.trigger_id, arrivedAt: arrivalOf(context) }, where);
  });

  app.shortcut(REPORT_SHORTCUT, async ({ shortcut, ack, context }) => {
    await ack();
    // The look-up is part of the race for the trigger id (3 s from the shortcut), not before it.
    const person = ctx.person(shortcut.user.id, shortcut.user.username);
    await ctx.openIntakeModal(shortcut.trigger_id, person, shortcut.user.id, undefined, arrivalOf(context));
  });
}

/** The first word of a command's text, in lower case (`''` for none). */
function firstWord(text: string): string {
  return (text.trim().split(/\s+/)[0] ?? '').toLowerCase();
}

/** `… for <@U123>` (or `til`): a mention that is the whole of an on-behalf query, as Slack sends it. */
const FOR_MENTION = /\s(?:for|til)\s+<@([A-Z0-9]+)(?:\|[^>]*)?>$/i;

/**
 * What `new <text>` hands the intake: the whole text when it is an intake command ("new for anna@au.dk", "ny sag
 * for Anna Jensen": on behalf of that person), else the text after the subcommand, the problem's description.
 * Mentions are named by look-up (inside the race for the trigger id, see `openIntakeModal`); `new for @Anna` asks
 * for the person mentioned by her e-mail address (her name when she has none), so exactly she is found.
 */
async function intakeText(ctx: SlackContext, raw: string): Promise<string | undefined> {
  const whole = (await ctx.plainText(raw)).trim();
  const command = parseCommand(whole);
  // `new for @Anna template`: the mention is the person, the template word after it stays.
  const forWhom =
    command?.kind === 'new_for' && command.templateFor !== undefined ? TEMPLATE_SUFFIX.exec(raw.trim())?.[1] : raw;
  const mentioned =
    command?.kind === 'new_for' && forWhom !== undefined ? FOR_MENTION.exec(forWhom.trim())?.[1] : undefined;
  if (command?.kind === 'new_for' && mentioned !== undefined) {
    const person = await ctx.deps.directory.lookup(slackPersonId(mentioned)).catch(() => null);
    const who = person?.email ?? person?.name;
    if (who) return newForWith(whole, who);
  }
  if (command !== null) return whole;
  const described = whole.replace(/^\S+\s*/, '');
  return described === '' ? undefined : described;
}

interface CommandInput {
  text: string;
  /** The command's text as Slack sent it (escaped, mentions by id). */
  raw: string;
  userId: string;
  userName?: string;
  triggerId: string;
  /** When the command arrived: its trigger id is valid for 3 s from then. */
  arrivedAt: number;
}

async function runCommand(ctx: SlackContext, input: CommandInput, where: Where): Promise<void> {
  const looked = ctx.person(input.userId, input.userName);
  const cmd = ctx.deps.command;
  const [word = '', ...rest] = input.text.trim().split(/\s+/);
  const sub = SUBCOMMANDS[word.toLowerCase()];
  const arg = rest.join(' ').trim();
  const staff = parseStaffCommand(input.text, `${cmd} `);
  // A modal opens with the trigger id, valid 3 s from the command: the look-up runs inside that race.
  if (!staff && (sub === 'new' || sub === 'order')) {
    const start = { verb: sub === 'new' ? 'intake_start' : 'order_start' } as const;
    const described = sub === 'new' && arg !== '' ? intakeText(ctx, input.raw) : undefined;
    await ctx.openIntakeModal(input.triggerId, looked, input.userId, start, input.arrivedAt, described);
    return;
  }
  const person = await looked;
  const locale = ctx.localeOf(person);
  const say = (view: MessageView) => ctx.answer(where, renderMessageBlocks(view));
  const help = () => slackHelp(helpRightsOf(person, ctx.deps), locale, cmd);
  if (staff) {
    if (!staff.ok) await say(textView(locale, staff.usage[locale]));
    else await runSlackStaffCommand(ctx, person, input.userId, staff.command, say);
    return;
  }
  switch (sub) {
    case 'help':
      await say(textView(locale, help()));
      return;
    case 'add': {
      const add = parseAddArgument(arg);
      if (!add) await say(textView(locale, slackTexts.addNeedsNumber[locale](cmd)));
      else if (!add.ok) await say(textView(locale, add.message[locale]));
      else await say(await ctx.deps.cases.userComment(person, add.ref, add.text));
      return;
    }
    case 'mine':
      await say(await ctx.deps.cases.mine(person));
      return;
    case 'queue':
      await say(await ctx.deps.cases.queue(person, arg || undefined));
      return;
    case 'status': {
      const number = parseCaseNumber(arg);
      if (!number) {
        await say(textView(locale, slackTexts.badNumber[locale](arg.slice(0, 40), cmd)));
        return;
      }
      const found = await ctx.deps.cases.lookup(person, number);
      if (found.ok) await ctx.answer(where, renderCaseCardBlocks(found.card));
      else await say(found.reply);
      return;
    }
    default:
      await say(textView(locale, `${slackTexts.unknownCommand[locale](word.slice(0, 40))}\n\n${help()}`));
  }
}
