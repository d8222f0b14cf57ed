import { z } from 'zod';
import { LOCALES, type Locale, type Person } from '../../models/case.js';

/** Most characters of a message's text the bot reads. */
const MAX_TEXT = 50_000;

/** Longer texts are cut, not refused (refusing would leave the person without an answer); never inside an emoji. */
function cutText(text: string): string {
  if (text.length <= MAX_TEXT) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
  return text.slice(0, end);
}

/** The parts of an inbound Teams activity the bot reads; everything else is ignored. Parsed with zod, never trusted. */
export const inboundActivitySchema = z.object({
  type: z.string().min(1),
  id: z.string().optional(),
  name: z.string().optional(),
  text: z.string().transform(cutText).optional(),
  locale: z.string().max(20).optional(),
  serviceUrl: z.string().optional(),
  // Both are needed for the conversation reference replies and later messages go through; Teams always sends them.
  channelId: z.string().min(1),
  replyToId: z.string().optional(),
  from: z
    .object({
      id: z.string().min(1).max(500),
      name: z.string().max(300).optional(),
      aadObjectId: z.string().max(100).optional(),
    })
    .loose(),
  recipient: z.object({ id: z.string().min(1), name: z.string().optional() }).loose(),
  conversation: z
    .object({
      id: z.string().min(1),
      conversationType: z.string().optional(),
      tenantId: z.string().optional(),
      isGroup: z.boolean().optional(),
    })
    .loose(),
  channelData: z
    .object({
      tenant: z.object({ id: z.string() }).loose().optional(),
      team: z
        .object({ id: z.string(), name: z.string().optional(), aadGroupId: z.string().optional() })
        .loose()
        .optional(),
      channel: z.object({ id: z.string(), name: z.string().optional() }).loose().optional(),
      eventType: z.string().optional(),
    })
    .loose()
    .optional(),
  /** Mentions (`mention` entities) among others (`clientInfo` …); read by `mentionsOf`, never refused here. */
  entities: z.array(z.unknown()).optional().catch(undefined),
  value: z.unknown().optional(),
  action: z.string().optional(),
  membersAdded: z.array(z.object({ id: z.string(), name: z.string().optional() }).loose()).optional(),
  membersRemoved: z.array(z.object({ id: z.string(), name: z.string().optional() }).loose()).optional(),
  /**
   * Pictures and files (`sentFiles`, `teamsIncomingFiles`): an inline picture's `contentUrl` (on the Bot Connector,
   * fetched with the bot's token) or a shared file's `content.downloadUrl` (a short-lived SharePoint link).
   */
  attachments: z
    .array(
      z
        .object({
          contentType: z.string().optional(),
          name: z.string().optional(),
          contentUrl: z.string().optional(),
          content: z.unknown().optional(),
        })
        .loose(),
    )
    .optional(),
});

export type InboundActivity = z.infer<typeof inboundActivitySchema>;

/** The prefix of person ids for Teams users. */
export const TEAMS_PREFIX = 'teams:';

/** `teams:<aadObjectId>`, or `teams:<from.id>` when Teams sent no AAD id (guests, the Playground). */
export function teamsPersonId(from: InboundActivity['from']): string {
  return `${TEAMS_PREFIX}${from.aadObjectId ?? from.id}`;
}

/** A locale tag such as `da-DK` or `en-US` narrowed to the bot's languages; undefined when neither. */
export function localeOf(tag: string | undefined): Locale | undefined {
  const base = tag?.slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : undefined;
}

/** The person behind an activity: id and name from `from`, language from `locale`; master data is added later. */
export function personOf(activity: InboundActivity, known?: Partial<Person>): Person {
  const locale = localeOf(activity.locale) ?? known?.locale;
  const name = activity.from.name?.trim() || known?.name || activity.from.id;
  return { ...known, id: teamsPersonId(activity.from), name, ...(locale ? { locale } : {}) };
}

/** The tenant of an activity (conversation first, then channel data). */
export function tenantOf(activity: InboundActivity): string | undefined {
  return activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
}

/** The team channel's id of a channel activity: its channel data's, else the conversation id before `;messageid=`. */
export function channelIdOf(activity: InboundActivity): string {
  return activity.channelData?.channel?.id ?? activity.conversation.id.split(';')[0] ?? '';
}

/** Whether the activity comes from a team channel (as opposed to a personal or group chat). */
export function isChannel(activity: InboundActivity): boolean {
  return activity.conversation.conversationType === 'channel' || activity.channelData?.channel !== undefined;
}

/**
 * Whether the activity comes from a conversation of several people — a team channel, a group chat or a meeting's
 * chat — where every answer is seen by all of them: it gets the channel commands only (the manifest gives group
 * chats the channel's command list), never personal data, an intake or a stored personal reference. Only a
 * personal (1:1) chat is not shared.
 */
export function isSharedChat(activity: InboundActivity): boolean {
  const type = activity.conversation.conversationType;
  return isChannel(activity) || type === 'groupChat' || activity.conversation.isGroup === true;
}

/** The intake conversation key for a personal chat: one draft per person. */
export function conversationKeyOf(activity: InboundActivity): string {
  return `teams:${activity.conversation.id}:${activity.from.aadObjectId ?? activity.from.id}`;
}

/** One person (or bot) a message @mentions: a `mention` entity of the activity. */
export interface Mention {
  /** The mentioned account's id (`28:…` for a bot, `29:…` for a person). */
  id: string;
  name?: string;
  /** The mention as it stands in the text: `<at>Name</at>`. */
  text?: string;
}

const mentionEntity = z
  .object({
    type: z.string().regex(/^mention$/i),
    text: z.string().max(1000).optional(),
    mentioned: z.object({ id: z.string().min(1).max(500), name: z.string().max(300).optional() }).loose(),
  })
  .loose();

/** The `mention` entities of an activity, in their order; entities of other types or shapes are passed over. */
export function mentionsOf(activity: Pick<InboundActivity, 'entities'>): Mention[] {
  const out: Mention[] = [];
  for (const entity of activity.entities ?? []) {
    const parsed = mentionEntity.safeParse(entity);
    if (!parsed.success) continue;
    const { mentioned, text } = parsed.data;
    out.push({
      id: mentioned.id,
      ...(mentioned.name?.trim() ? { name: mentioned.name.trim() } : {}),
      ...(text ? { text } : {}),
    });
  }
  return out;
}

/** `<at>…</at>` (also `<at id="0">…</at>`), its inside captured. */
const AT_TAG = /<at(?:\s[^>]*)?>([\s\S]*?)<\/at>/gi;

/** The five XML entities Teams may write inside an `<at>` tag's name; `&amp;` last, so "&amp;lt;" stays "&lt;". */
function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The text of a message as the bot reads it. The bot's own mention goes (the `mention` entity whose id is the
 * activity's recipient; without entities, an `<at>` that opens a channel or group-chat post, or one naming the bot);
 * any other mention reads `@Name` (the entity's name, else the tag's text), as Slack's text does — plain text that
 * pings nobody when the bot shows it again. `&nbsp;` becomes a space and the whitespace is tidied (`tidyText`).
 * Teams sends what was typed (`<`, `&`) as is, so the rest of the text is not decoded.
 */
export function messageText(activity: InboundActivity): string {
  const text = activity.text ?? '';
  const mentions = mentionsOf(activity);
  // Without entities (an older client, the Playground) an <at> opening a channel post is the bot's: Teams puts it
  // there when the post @mentions the bot.
  const untagged = mentions.length === 0 && isSharedChat(activity);
  const botId = activity.recipient.id;
  const botName = activity.recipient.name?.trim().toLowerCase();
  const replaced = text.replace(AT_TAG, (tag: string, inside: string, at: number) => {
    const shown = decodeXml(inside)
      .replace(/&nbsp;/g, ' ')
      .trim();
    // The entity of this tag: the same text first, else the same name (Teams leaves `text` out for some names).
    let i = mentions.findIndex((m) => m.text === tag);
    if (i === -1) i = mentions.findIndex((m) => m.name !== undefined && m.name === shown);
    const mention = i === -1 ? undefined : mentions.splice(i, 1)[0];
    if (mention) return mention.id === botId ? ' ' : `@${mention.name ?? shown}`;
    const opensPost = untagged && text.slice(0, at).trim() === '';
    if (shown === '' || shown.toLowerCase() === botName || opensPost) return ' ';
    return `@${shown}`;
  });
  return tidyText(replaced);
}

/**
 * Surplus whitespace out of message text. Line breaks stay (a multi-line description or `add` text keeps its
 * lines): `&nbsp;`, runs of spaces and tabs become one space, each line is trimmed, and empty lines at the start
 * and end go.
 */
export function tidyText(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim();
}

/**
 * Whether a message carried a picture or a file: an image (pasted or inline), or a file shared from OneDrive /
 * SharePoint. The `text/html` copy of a formatted message and cards do not count.
 */
export function sentFiles(activity: InboundActivity): boolean {
  return (activity.attachments ?? []).some((a) => {
    const type = a.contentType?.toLowerCase() ?? '';
    return type.startsWith('image/') || type === 'application/vnd.microsoft.teams.file.download.info';
  });
}
