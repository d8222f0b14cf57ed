import { parseCardAction } from '../../cards/card-actions.js';
import type { MessageView } from '../../cards/view-models.js';
import { type ConversationLook, isOrderCommand } from '../../services/conversations.js';
import { runStaffCommand } from '../run-staff-command.js';
import type { StaffCommand } from '../staff-commands.js';
import type { AttachmentRef } from '../../models/case.js';
import { attachmentTexts, cleanFileName, type IncomingFile, refusedNote } from '../../services/attachments.js';
import { isAppError } from '../../models/errors.js';
import { attachmentsNotTaken } from '../attachments-note.js';
import { channelIdOf, conversationKeyOf, isSharedChat, messageText, sentFiles } from './teams-activity.js';
import type { TeamsTurn } from './teams-bot.js';
import type { TeamsBotDeps } from './teams-bot-deps.js';
import { isAddition } from '../add-command.js';
import { badInputText } from '../bad-input.js';
import { storeDownQuoted } from '../failure-texts.js';
import { runCardAction } from './teams-card-action.js';
import { firstWordOnly, parseTeamsCommand, type TeamsCommand } from './teams-commands.js';
import { teamsChannelHelp, teamsHelp } from './teams-help.js';
import { helpRightsOf } from '../command-help.js';
import { jsonMessages } from './teams-json-messages.js';
import { sentToPersonalChat, supportChannelOf } from './teams-private-lists.js';
import { teamsTexts } from './teams-texts.js';

function note(turn: TeamsTurn, text: string, title?: string): MessageView {
  return { kind: 'message', locale: turn.locale, text, ...(title ? { title } : {}) };
}

/**
 * A chat message. Personal chat: a command (`new`, `status <number>`, `add <number> <text>`, `mine`, `help`;
 * staff `queue`, `search`, `similar`, `stats`, `major …`; admins `admin export|erase <email>`), else the text goes
 * to the running intake, else to a case awaiting this user's answer, else it starts an intake; a command by its
 * first word only (`firstWordOnly`: "Ny HP-printer …", "Status is unchanged …") is that answer when a case awaits
 * it, else what it was (a report, the usage hint). Team channel or
 * group chat (the bot was @mentioned; everyone there sees the answer): `queue`, `status`, `search`, `similar`,
 * `stats`, `major …`, `help` only (personal data stays out of them: outside a support group's channel the case lists
 * of `queue`, `search` and `similar` go to the person's personal chat, `privately`); anything else there gets the
 * channel help. Help lists only the commands the person may
 * use (teams-help.ts). A message carrying `value` and no text is an `Action.Submit` from an older card and is
 * handled like a card action.
 */
export async function handleChatMessage(deps: TeamsBotDeps, turn: TeamsTurn): Promise<void> {
  const { activity } = turn;
  const text = messageText(activity);
  if (text === '' && typeof activity.value === 'object' && activity.value !== null) {
    const parsed = parseCardAction(activity.value);
    if (!parsed.ok) {
      await turn.reply(note(turn, badInputText(parsed.error, turn.locale, activity.value as Record<string, unknown>)));
      return;
    }
    const views = await runCardAction(deps, turn, parsed.value, activity.value as Record<string, unknown>);
    for (const view of views)
      await turn.reply(
        view.kind === 'message' ? view : { kind: 'message', locale: turn.locale, text: '', caseCard: view },
      );
    return;
  }
  const shared = isSharedChat(activity);
  const files = shared ? [] : turn.files();
  // A file the bot cannot fetch (a link elsewhere): said, not passed over in silence.
  if (files.length === 0 && sentFiles(activity) && !shared) {
    await turn.reply(note(turn, attachmentsNotTaken[turn.locale]));
  }
  if (text === '' && files.length === 0) {
    // "@Incident bot" alone in a channel or group chat: the channel help, as for any word it does not know there.
    if (shared && (activity.text ?? '').trim() !== '') await channelMessage(deps, turn, undefined);
    return;
  }
  let command = text === '' ? null : parseTeamsCommand(text, files.length > 0, deps.isStaff(turn.person));
  if (command && !shared && firstWordOnly(command, text)) {
    // "Ny HP-printer …" is no command: the answer to a waiting question, else a report (as any other text, below).
    if (command.ok) command = null;
    else {
      // "Status is unchanged …": the answer to a waiting question, else the usage hint (below).
      const { kept, down } = await keepForReply(deps, turn, files);
      const { answer } = await waitingReply(deps, turn, text, kept, down);
      if (answer) {
        await turn.reply(answer);
        return;
      }
      if (down) throw down.err;
      if (kept.length > 0) await turn.reply(note(turn, attachmentTexts.notHere[turn.locale]));
    }
  }
  if (command && !command.ok) {
    await turn.reply(note(turn, command.error.message[turn.locale]));
    return;
  }
  if (shared) {
    await channelMessage(deps, turn, command?.command);
    return;
  }
  // "add SR 2 monitors": a number written apart is a case only when the person can look it up, else a report.
  const seen = async (number: string) => (await deps.cases.lookup(turn.person, number)).ok;
  const add = command?.command.kind === 'add' ? command.command : undefined;
  if (add && (await isAddition(add, seen))) {
    const { kept, down } = await keepForReply(deps, turn, files);
    // Files alone, none of them kept: the refusal said it all.
    if (add.text === '' && kept.length === 0 && !down) return;
    await turn.reply(await deps.cases.userComment(turn.person, add.ref, add.text, kept, down?.names));
    return;
  }
  if (command && !add) {
    if (files.length > 0) await turn.reply(note(turn, attachmentTexts.notHere[turn.locale]));
    await runCommand(deps, turn, command.command, text);
    return;
  }
  const { kept, down } = await keepForReply(deps, turn, files);
  if (text === '' && kept.length === 0 && !down) return;
  let look: ConversationLook | undefined;
  if (!isOrderCommand(text)) {
    // A question asked after the open intake's (or order's) last turn takes the reply, as it told the user.
    const waiting = await waitingReply(deps, turn, text, kept, down);
    look = waiting.look;
    const { answer } = waiting;
    if (answer) {
      await turn.reply(answer);
      return;
    }
  }
  if (down) throw down.err;
  await intake(deps, turn, text, look, kept);
}

/**
 * The answer to a case awaiting this person's reply, when its question came after the open conversation's last turn
 * (`look`), else null. While the store reads nothing (not whether a case awaits an answer either) the answer is what
 * they wrote, quoted back to send again (`storeDownQuoted`), whatever its first word: "Status unchanged" too.
 */
async function waitingReply(
  deps: TeamsBotDeps,
  turn: TeamsTurn,
  text: string,
  kept: readonly AttachmentRef[],
  down: { names: string[] } | undefined,
): Promise<{ look?: ConversationLook; answer: MessageView | null }> {
  try {
    const look = await deps.intake.look(conversationKeyOf(turn.activity));
    return { look, answer: await deps.cases.userReply(turn.person, text, look.since ?? undefined, kept, down?.names) };
  } catch (err) {
    if (!isAppError(err, 'STORE.UNAVAILABLE')) throw err;
    return { answer: note(turn, storeDownQuoted(turn.locale, text, down?.names ?? kept.map((f) => f.name))) };
  }
}

/**
 * Downloads and stores the files of a message (none without `keepFiles`: the person is told they were not kept);
 * the ones refused (too big, not fetched) are named in a reply. Returns what was kept.
 */
async function keep(deps: TeamsBotDeps, turn: TeamsTurn, files: readonly IncomingFile[]): Promise<AttachmentRef[]> {
  if (files.length === 0) return [];
  if (!deps.keepFiles) {
    await turn.reply(note(turn, attachmentsNotTaken[turn.locale]));
    return [];
  }
  const { kept, refused } = await deps.keepFiles(turn.person, files);
  if (refused.length > 0) await turn.reply(note(turn, refusedNote(turn.locale, refused)));
  return kept;
}

/**
 * `keep` for a message that may answer a waiting question, or an `add <number>`: a store that does not answer
 * (`STORE.UNAVAILABLE`) is returned (`down`, with the names of the files) rather than thrown, so the answer or the
 * addition is told it was not added, the files named to send again (`userReply`'s and `userComment`'s `unstored`),
 * not the general notice; with no question waiting the caller throws it.
 */
async function keepForReply(
  deps: TeamsBotDeps,
  turn: TeamsTurn,
  files: readonly IncomingFile[],
): Promise<{ kept: AttachmentRef[]; down?: { err: unknown; names: string[] } }> {
  try {
    return { kept: await keep(deps, turn, files) };
  } catch (err) {
    if (!isAppError(err, 'STORE.UNAVAILABLE')) throw err;
    return { kept: [], down: { err, names: files.map((f) => cleanFileName(f.name)) } };
  }
}

async function intake(
  deps: TeamsBotDeps,
  turn: TeamsTurn,
  text: string,
  look?: ConversationLook,
  files: readonly AttachmentRef[] = [],
): Promise<void> {
  const input = {
    conversationKey: conversationKeyOf(turn.activity),
    person: turn.person,
    ...(turn.activity.locale ? { locale: turn.activity.locale } : {}),
    platform: 'teams' as const,
    ...(text !== '' ? { text } : {}),
    ...(files.length > 0 ? { files } : {}),
  };
  const reply = await deps.intake.handle(input, look);
  try {
    for (const view of reply.views) await turn.reply(view);
  } catch (err) {
    // The case is registered but Teams refused the view saying so (past the reply's retries): the receipt goes
    // through the outbox instead, retried until it arrives.
    if (reply.state === 'done' && reply.case) await receiptInstead(deps, reply.case.id);
    throw err;
  }
}

async function receiptInstead(deps: TeamsBotDeps, caseId: string): Promise<void> {
  await deps.cases.receipt(caseId).catch((err: unknown) => {
    deps.logger.error({ err, caseId }, 'Teams: could not queue the receipt of a case whose registered view failed');
  });
}

async function runCommand(deps: TeamsBotDeps, turn: TeamsTurn, command: TeamsCommand, text: string): Promise<void> {
  const t = teamsTexts[turn.locale];
  switch (command.kind) {
    case 'new':
      await intake(deps, turn, text);
      return;
    case 'help':
      await turn.reply(note(turn, teamsHelp(helpRightsOf(turn.person, deps), turn.locale), t.helpTitle));
      return;
    case 'mine':
      await turn.reply(await deps.cases.mine(turn.person));
      return;
    case 'status':
      await status(deps, turn, command.ref);
      return;
    case 'add':
      await turn.reply(await deps.cases.userComment(turn.person, command.ref, command.text));
      return;
    case 'queue':
      if (!deps.isStaff(turn.person)) return turn.reply(note(turn, t.staffOnly));
      await turn.reply(await deps.cases.queue(turn.person, command.groupId));
      return;
    case 'staff':
      await staff(deps, turn, command.command);
      return;
  }
}

/**
 * Stats, major incidents and (personal chat only) admin exports; refusals come from the services. `shared`: everyone
 * there sees the answer (a group chat, a channel that is no support group's), so a case card in it is the one the
 * case's user sees (public notes only), as `status` shows there.
 */
async function staff(deps: TeamsBotDeps, turn: TeamsTurn, command: StaffCommand, shared = false): Promise<void> {
  const result = await runStaffCommand(deps.staff, turn.person, command, turn.locale);
  const card = result.view.caseCard;
  if (shared && card) {
    const found = await deps.cases.lookup(turn.person, card.caseId, { shared: true });
    const { caseCard: _staffCard, ...view } = result.view;
    await turn.reply(found.ok ? { ...view, caseCard: found.card } : view);
    return;
  }
  await turn.reply(result.view);
  if (!result.export) return;
  const { parts, truncated, total } = jsonMessages(result.export.json);
  await turn.reply(note(turn, teamsTexts[turn.locale].exportFollows(parts.length, total, truncated)));
  for (const part of parts) await turn.replyMarkdown(part);
}

async function status(deps: TeamsBotDeps, turn: TeamsTurn, ref: string, shared = false): Promise<void> {
  const found = await deps.cases.lookup(turn.person, ref, { shared });
  await turn.reply(found.ok ? { kind: 'message', locale: turn.locale, text: '', caseCard: found.card } : found.reply);
}

/**
 * The staff commands that list cases (titles, users' names, solutions): in a group chat or a channel that is no
 * support group's their answer goes to the person's personal chat (`privately`), as `queue`'s does. `stats` (figures
 * only) and `major …` (the card the case's user sees there) answer where they were asked.
 */
const LISTS: ReadonlySet<StaffCommand['kind']> = new Set(['search', 'similar']);

/**
 * A case list (`queue`, `search`, `similar`) asked for where everyone there reads the answer (a group chat, a channel
 * that is no support group's, with students and other non-staff in it): it is sent to the person's personal chat
 * with the bot, and the conversation only told so. When the bot has no personal chat with them (or sending there
 * fails), the conversation is told where these commands work instead. The list is never posted where it was asked.
 */
async function privately(deps: TeamsBotDeps, turn: TeamsTurn, view: MessageView): Promise<void> {
  const t = teamsTexts[turn.locale];
  const sent = await sentToPersonalChat(deps, turn, view);
  await turn.reply(note(turn, sent ? t.listSentPersonally : t.listsNotHere));
}

async function channelMessage(deps: TeamsBotDeps, turn: TeamsTurn, command: TeamsCommand | undefined): Promise<void> {
  const t = teamsTexts[turn.locale];
  switch (command?.kind) {
    case 'status': {
      // Everyone there sees the answer: staff's own card (internal notes, the user's e-mail) only in the channel of
      // a support group; in a group chat or any other channel, the card the case's user sees.
      await status(deps, turn, command.ref, !supportChannelOf(deps, turn));
      return;
    }
    case 'queue': {
      if (!deps.isStaff(turn.person)) return turn.reply(note(turn, t.staffOnly));
      const groupId = command.groupId ?? deps.catalogue.groupForChannel('teams', channelIdOf(turn.activity))?.id;
      if (!groupId) return turn.reply(note(turn, t.noGroupHere));
      const view = await deps.cases.queue(turn.person, groupId);
      await (supportChannelOf(deps, turn) ? turn.reply(view) : privately(deps, turn, view));
      return;
    }
    case 'staff':
      if (command.command.kind === 'admin_export' || command.command.kind === 'admin_erase') {
        return turn.reply(note(turn, t.adminInChannel));
      }
      if (LISTS.has(command.command.kind) && !supportChannelOf(deps, turn)) {
        const { view } = await runStaffCommand(deps.staff, turn.person, command.command, turn.locale);
        await privately(deps, turn, view);
        return;
      }
      // A major incident's card, as `status` shows it: staff's own only in a support group's channel.
      await staff(deps, turn, command.command, !supportChannelOf(deps, turn));
      return;
    default:
      await turn.reply(note(turn, teamsChannelHelp(helpRightsOf(turn.person, deps), turn.locale)));
  }
}
