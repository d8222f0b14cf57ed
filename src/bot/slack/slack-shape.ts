import { getTypeAndConversation, IncomingEventType } from '@slack/bolt/dist/helpers.js';
import { z } from 'zod';

/**
 * The fields of each kind of Slack request that Bolt's routing and the bot's listeners read, with the types Slack
 * sends them in. Everything else passes as it is. Slack never sends a request that fails these (they are signed),
 * but a hand-made one did: without the check, a missing `user` or `view` or an `actions` that is not a list made
 * Bolt's internals throw (500), and a click, shortcut or form no listener could match kept the request waiting
 * 3 s for an acknowledgement that never came (then 404).
 */
const id = z.string().min(1);
const user = z.looseObject({ id });
const channel = z.looseObject({ id }).optional();

const SHAPES = {
  /** What Bolt reads to tell the kind of a request (it throws on an `event` or a `channel` that is not an object). */
  envelope: z.looseObject({
    event: z
      .looseObject({
        channel: z.union([z.string(), z.looseObject({})]).optional(),
        item: z.looseObject({}).optional(),
      })
      .optional(),
    channel: z.looseObject({}).optional(),
  }),
  command: z.looseObject({ command: id, user_id: id, response_url: id, text: z.string().optional() }),
  action: z.looseObject({
    type: z.literal('block_actions'),
    user,
    channel,
    actions: z.array(z.looseObject({ action_id: id, block_id: z.string().optional() })).min(1),
  }),
  options: z.looseObject({ user, action_id: id, block_id: z.string().optional(), value: z.string().optional() }),
  shortcut: z.looseObject({ user, callback_id: id, channel }),
  view: z.looseObject({ user, view: z.looseObject({ id, callback_id: z.string() }) }),
  event: z.looseObject({
    event: z.looseObject({
      type: id,
      // A member's profile changed (`user_change`) names the member as a whole user object.
      user: z.union([z.string(), z.looseObject({ id })]).optional(),
      channel: z.union([z.string(), z.looseObject({ id })]).optional(),
    }),
  }),
} as const;

export type SlackRequestKind = Exclude<keyof typeof SHAPES, 'envelope'>;

const KIND_OF: Record<IncomingEventType, SlackRequestKind> = {
  [IncomingEventType.Event]: 'event',
  [IncomingEventType.Action]: 'action',
  [IncomingEventType.Command]: 'command',
  [IncomingEventType.Options]: 'options',
  [IncomingEventType.ViewAction]: 'view',
  [IncomingEventType.Shortcut]: 'shortcut',
};

/**
 * The kind of a (signed, parsed) Slack request as Bolt tells it (`getTypeAndConversation`; undefined for a kind
 * Bolt does not know), and what is wrong with it as "path: message" lines (at most five; empty when it has what
 * Bolt and the bot read).
 */
export function classifySlackRequest(body: unknown): { kind?: SlackRequestKind; issues: string[] } {
  const broken = issuesOf('envelope', body);
  if (broken.length > 0) return { issues: broken };
  const { type } = getTypeAndConversation(body as Parameters<typeof getTypeAndConversation>[0]);
  if (type === undefined) return { issues: [] };
  const kind = KIND_OF[type];
  return { kind, issues: issuesOf(kind, body) };
}

function issuesOf(kind: keyof typeof SHAPES, body: unknown): string[] {
  const checked = SHAPES[kind].safeParse(body);
  if (checked.success) return [];
  return checked.error.issues.slice(0, 5).map((i) => {
    const at = i.path.length > 0 ? i.path.join('.') : '(request)';
    return `${at}: ${i.message}`;
  });
}
