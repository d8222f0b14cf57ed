import type { App } from '@slack/bolt';
import type { HomeView, KnownBlock } from '@slack/types';
import { renderMessageBlocks } from '../../cards/slack/render-message-blocks.js';
import { buttonValue } from '../../cards/slack/slack-action-payload.js';
import { mrkdwnText, plain, SLACK_LIMITS } from '../../cards/slack/slack-text.js';
import type { MessageView } from '../../cards/view-models.js';
import type { AttachmentRef, Locale, Person } from '../../models/case.js';
import { type ConversationLook, isOrderCommand } from '../../services/conversations.js';
import { parseCommand } from '../../services/intake/intake-commands.js';
import { ADD_WORDS, isAddition, parseAddArgument } from '../add-command.js';
import { parseQueueArgument, parseStatusArgument, QUEUE_WORDS } from '../chat-command-args.js';
import { attachmentTexts, cleanFileName, type IncomingFile, refusedNote } from '../../services/attachments.js';
import { isAppError } from '../../models/errors.js';
import { attachmentsNotTaken } from '../attachments-note.js';
import { storeDownQuoted } from '../failure-texts.js';
import { slackIncomingFiles } from './slack-files.js';
import { parseStaffCommand } from '../staff-commands.js';
import type { SlackContext } from './slack-context.js';
import { conversationKeys } from './slack-ids.js';
import {
  homeOpenedEventSchema,
  messageEventSchema,
  teamJoinEventSchema,
  userChangeEventSchema,
} from './slack-payloads.js';
import { slackTexts, textView } from './slack-replies.js';
import { runSlackStaffCommand } from './slack-staff.js';

/** The files of a DM kept in the store, or `down`: the store did not answer (its error, the files' names). */
interface Kept {
  kept: AttachmentRef[];
  down?: { err: unknown; names: string[] };
}

/** Home tab limit: 100 blocks. */
const HOME_BLOCKS = 100;
/** Longest message text taken from a DM (characters); the rest is cut. */
const MAX_MESSAGE_TEXT = 40_000;

/**
 * Events: a DM to the bot (message.im), App Home opened, a member's profile changed (user_change) and a member joined
 * (team_join). Bolt acknowledges events before the listeners run;
 * duplicates and Slack's retries were dropped by the dedupe middleware already.
 */
export function registerEvents(app: App, ctx: SlackContext): void {
  app.event('message', async ({ event }) => {
    const parsed = messageEventSchema.safeParse(event);
    if (!parsed.success) return;
    const m = parsed.data;
    // Only people's own new messages in the DM (a file shared with or without text is one too); edits, joins,
    // bot messages (ours too) are not turns.
    const ownMessage = m.subtype === undefined || m.subtype === 'file_share';
    if (m.channel_type !== 'im' || !ownMessage || m.bot_id !== undefined || !m.user) return;
    const files = m.files?.length && ctx.deps.fileDeps ? slackIncomingFiles(m.files, ctx.deps.fileDeps) : [];
    if ((m.files?.length ?? 0) > 0 && files.length === 0) {
      const person = await ctx.person(m.user);
      await ctx.postViews(m.channel, [textView(ctx.localeOf(person), attachmentsNotTaken[ctx.localeOf(person)])]);
    }
    // In plain text, mentioned people by name; longer texts are cut, not refused.
    const text = m.text ? (await ctx.plainText(m.text)).slice(0, MAX_MESSAGE_TEXT).trim() : '';
    if (!text && files.length === 0) return;
    await onDirectMessage(ctx, m.user, m.channel, text, files);
  });

  app.event('app_home_opened', async ({ event }) => {
    const parsed = homeOpenedEventSchema.safeParse(event);
    if (!parsed.success || (parsed.data.tab !== undefined && parsed.data.tab !== 'home')) return;
    const userId = parsed.data.user;
    const person = await ctx.person(userId);
    await ctx.deps.client.views.publish({ user_id: userId, view: await homeView(ctx, person) });
  });

  // Sent for every member's change (a status, a huddle too): only a changed address does anything (`changed`).
  app.event('user_change', async ({ event }) => {
    const parsed = userChangeEventSchema.safeParse(event);
    if (parsed.success) await ctx.deps.profiles?.changed(parsed.data.user);
  });

  // A new member: an address Slack lately said nobody had may be theirs now (`changed`).
  app.event('team_join', async ({ event }) => {
    const parsed = teamJoinEventSchema.safeParse(event);
    if (parsed.success) await ctx.deps.profiles?.changed(parsed.data.user);
  });
}

/**
 * A DM turn: a staff command (`stats …`, `major declare|link|unlink …`, `admin export|erase …`) and `status
 * <number>` / `mine` / `queue [group]` are answered in the DM, a bad argument with the usage hint Teams gives (a
 * bad `status` number only when no case awaits the answer: "Status is unchanged" is that answer, see
 * `firstWordOnly`); "order"/"bestil" starts an equipment order; a case awaiting this
 * user's answer takes the text when its question came after the open conversation's last turn (`userReply`),
 * unless the text is a bare help word or a new case (`new`/`ny`, `new for <person>`), which go to the intake as
 * when nothing awaits (Teams reads them as commands too);
 * else a conversation in progress (intake or order) takes it; otherwise it starts an intake with the text as the
 * description. Pictures and files sent with it (`files`) go with `add <number>`, with the answer to a waiting
 * question, or with the report in progress (one is started for files alone); with any other command they are not
 * kept, and the person is told so.
 */
export async function onDirectMessage(
  ctx: SlackContext,
  userId: string,
  channel: string,
  text: string,
  files: readonly IncomingFile[] = [],
): Promise<void> {
  const person = await ctx.person(userId);
  const key = conversationKeys.dm(userId);
  const locale = ctx.localeOf(person);
  const say = (view: MessageView) => ctx.postViews(channel, [view]);
  // `search` is a command for support staff only: anyone else's "Search in Outlook …" is a report.
  const staff = text ? parseStaffCommand(text, '', ctx.deps.isStaff(person)) : null;
  if (staff) {
    if (files.length > 0) await say(textView(locale, attachmentTexts.notHere[locale]));
    if (!staff.ok) await say(textView(locale, staff.usage[locale]));
    else await runSlackStaffCommand(ctx, person, userId, staff.command, say, channel);
    return;
  }
  // A store that does not answer keeping the files (an outage) is returned (`down`, the files' names), not thrown:
  // a waiting case's answer or an `add <number>` is told it was not added, the files named to send again
  // (`userReply`'s and `userComment`'s `unstored`), rather than the general notice; else it is thrown below.
  const keep = async (): Promise<Kept> => {
    if (files.length === 0 || !ctx.deps.keepFiles) return { kept: [] };
    try {
      const { kept, refused } = await ctx.deps.keepFiles(person, files);
      if (refused.length > 0) await say(textView(locale, refusedNote(locale, refused)));
      return { kept };
    } catch (err) {
      if (!isAppError(err, 'STORE.UNAVAILABLE')) throw err;
      return { kept: [], down: { err, names: files.map((f) => cleanFileName(f.name)) } };
    }
  };
  const looked = text ? await dmLookup(ctx, person, channel, text, files.length > 0 ? keep : undefined) : false;
  if (looked === true) return;
  const { kept, down } = await keep();
  if (!text && kept.length === 0 && !down) return;
  let look: ConversationLook | undefined;
  const steering = text ? parseCommand(text)?.kind : undefined;
  if (!isOrderCommand(text) && steering !== 'help' && steering !== 'new' && steering !== 'new_for') {
    // A question asked after the open intake's (or order's) last turn takes the reply, as it told the user.
    let answered: MessageView | null;
    try {
      look = await ctx.deps.intake.look(key);
      answered = await ctx.deps.cases.userReply(person, text, look.since ?? undefined, kept, down?.names);
    } catch (err) {
      if (!isAppError(err, 'STORE.UNAVAILABLE')) throw err;
      // The store reads nothing (not whether a case awaits an answer either): what they wrote, to send again.
      await say(textView(locale, storeDownQuoted(locale, text, down?.names ?? kept.map((f) => f.name))));
      return;
    }
    if (answered) {
      await ctx.postViews(channel, [answered]);
      return;
    }
  }
  if (down) throw down.err;
  if (looked !== false) {
    // `status` with a bad number that answers no question: the usage hint, as in Teams; no report starts.
    if (kept.length > 0) await say(textView(locale, attachmentTexts.notHere[locale]));
    await say(textView(locale, looked[locale]));
    return;
  }
  const reply = await ctx.deps.intake.handle(
    {
      conversationKey: key,
      person,
      locale,
      platform: 'slack',
      ...(text ? { text } : {}),
      ...(kept.length > 0 ? { files: kept } : {}),
    },
    look,
  );
  await ctx.postReply(channel, reply);
}

/**
 * `status <number>`, `add <number> <text>`, `queue [group]` and a bare `mine`/`mit` written in the DM answer as the
 * slash command does (the receipt tells the user to write "status INC-000123"), read as Teams reads them
 * (chat-command-args); true when the text was one of them. A bad `status` argument (`status`, `status INC-12x`)
 * returns its usage hint, given unless the text answers a waiting question. Anything else (false) is a
 * description: "Status page of the wiki shows an error" too.
 */
async function dmLookup(
  ctx: SlackContext,
  person: Person,
  channel: string,
  text: string,
  keep?: () => Promise<Kept>,
): Promise<boolean | Record<Locale, string>> {
  const [word = '', ...rest] = text.trim().split(/\s+/);
  const command = word.toLowerCase();
  const argument = text.trim().slice(word.length);
  const locale = ctx.localeOf(person);
  const notKept = async () => {
    if (keep) await ctx.postViews(channel, [textView(locale, attachmentTexts.notHere[locale])]);
  };
  if ((command === 'mine' || command === 'mit') && rest.length === 0) {
    await notKept();
    await ctx.postViews(channel, [await ctx.deps.cases.mine(person)]);
    return true;
  }
  if (ADD_WORDS.includes(command)) {
    const parsed = parseAddArgument(argument, keep !== undefined);
    // "add SR 2 monitors": a number written apart is a case only when the person can look it up, else a report.
    const seen = async (number: string) => (await ctx.deps.cases.lookup(person, number)).ok;
    const add = parsed?.ok && !(await isAddition(parsed, seen)) ? null : parsed;
    if (add) {
      if (!add.ok) {
        await notKept();
        await ctx.postViews(channel, [textView(locale, add.message[locale])]);
        return true;
      }
      const { kept, down } = keep ? await keep() : { kept: [], down: undefined };
      // Files alone, none of them kept: the refusal said it all.
      if (add.text === '' && kept.length === 0 && !down) return true;
      await ctx.postViews(channel, [await ctx.deps.cases.userComment(person, add.ref, add.text, kept, down?.names)]);
      return true;
    }
  }
  if (QUEUE_WORDS.includes(command)) {
    // For anyone but staff only a well-formed `queue` is one (the service then says it is for staff).
    const queue = parseQueueArgument(argument, ctx.deps.isStaff(person));
    if (queue) {
      await notKept();
      await ctx.postViews(channel, [
        queue.ok ? await ctx.deps.cases.queue(person, queue.groupId) : textView(locale, queue.message[locale]),
      ]);
      return true;
    }
  }
  // `status INC-5`, also with the number written apart (`status inc 5`), as Teams reads it.
  const status = command === 'status' ? parseStatusArgument(argument) : null;
  if (!status) return false;
  if (!status.ok) return status.message;
  await notKept();
  const found = await ctx.deps.cases.lookup(person, status.ref);
  if (found.ok)
    await ctx.tell({ userId: person.id, channel, dm: true }, textView(ctx.localeOf(person), ''), found.card);
  else await ctx.postViews(channel, [found.reply]);
  return true;
}

/** App Home: a button to report, my cases with status and who has them and, for staff, my groups' queues. */
export async function homeView(ctx: SlackContext, person: Person): Promise<HomeView> {
  const locale: Locale = ctx.localeOf(person);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(slackTexts.homeTitle[locale], SLACK_LIMITS.header) },
    { type: 'section', text: mrkdwnText(slackTexts.homeIntro[locale], SLACK_LIMITS.sectionText) },
    {
      type: 'actions',
      block_id: 'home_actions',
      elements: [
        {
          type: 'button',
          action_id: 'intake_start',
          style: 'primary',
          text: plain(slackTexts.report[locale], SLACK_LIMITS.button),
          value: buttonValue({ verb: 'intake_start' }),
        },
      ],
    },
  ];
  const sections: MessageView[] = [await ctx.deps.cases.mine(person)];
  if (ctx.deps.isStaff(person)) {
    const queue = await ctx.deps.cases.queue(person);
    sections.push({ ...queue, title: queue.title ?? slackTexts.queueTitle[locale] });
  }
  for (const view of sections) blocks.push({ type: 'divider' }, ...renderMessageBlocks(view).blocks);
  return { type: 'home', blocks: blocks.slice(0, HOME_BLOCKS) };
}
