import { z } from 'zod';
import { slackFileSchema } from './slack-files.js';

/**
 * The parts of Slack payloads the transport reads, parsed with zod (never trusted as typed); everything else
 * Slack sends is ignored. Bolt has verified the signature before any of this runs.
 */
const id = z.string().min(1).max(100);

const elementState = z
  .object({
    type: z.string().optional(),
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).loose().nullish(),
    selected_options: z.array(z.object({ value: z.string() }).loose()).nullish(),
    selected_date: z.string().nullish(),
    selected_time: z.string().nullish(),
    selected_user: z.string().nullish(),
    selected_users: z.array(z.string()).nullish(),
    selected_conversation: z.string().nullish(),
    selected_channel: z.string().nullish(),
  })
  .loose();
const stateValues = z.record(z.string(), z.record(z.string(), elementState));

const viewSchema = z
  .object({
    id: id,
    type: z.string(),
    callback_id: z.string().optional(),
    hash: z.string().optional(),
    private_metadata: z.string().optional(),
    state: z.object({ values: stateValues }).loose().optional(),
  })
  .loose();

const user = z.object({ id, name: z.string().optional(), username: z.string().optional() }).loose();

export const blockActionBodySchema = z
  .object({
    type: z.literal('block_actions'),
    user,
    trigger_id: z.string().optional(),
    container: z
      .object({
        type: z.string(),
        channel_id: z.string().optional(),
        message_ts: z.string().optional(),
        is_ephemeral: z.boolean().optional(),
      })
      .loose()
      .optional(),
    channel: z.object({ id }).loose().optional(),
    view: viewSchema.optional(),
    state: z.object({ values: stateValues }).loose().optional(),
    actions: z
      .array(
        z
          .object({
            action_id: z.string(),
            block_id: z.string().optional(),
            type: z.string().optional(),
            value: z.string().optional(),
            selected_option: z.object({ value: z.string() }).loose().nullish(),
            selected_user: z.string().optional(),
          })
          .loose(),
      )
      .min(1),
  })
  .loose();
export type BlockActionBody = z.infer<typeof blockActionBodySchema>;

export const viewSubmissionBodySchema = z
  .object({ type: z.literal('view_submission'), user, view: viewSchema })
  .loose();
export type ViewSubmissionBody = z.infer<typeof viewSubmissionBodySchema>;

/**
 * An options request of an external_select (`block_suggestion`): which menu (`action_id`, `block_id`), what was
 * typed (`value`, cut to 200 characters) and, in a modal, the view with its `private_metadata`.
 */
export const blockSuggestionBodySchema = z
  .object({
    type: z.literal('block_suggestion'),
    user,
    action_id: z.string().max(255),
    block_id: z.string().max(255),
    value: z
      .string()
      .transform((v) => v.slice(0, 200))
      .default(''),
    view: viewSchema.optional(),
  })
  .loose();
export type BlockSuggestionBody = z.infer<typeof blockSuggestionBodySchema>;

export const messageEventSchema = z
  .object({
    type: z.literal('message'),
    channel: id,
    channel_type: z.string().optional(),
    user: id.optional(),
    // As Slack sent it, markup and all: the listener reads it in plain text (`SlackContext.plainText`, which may
    // look mentioned people up). Longer texts are cut there, not refused: refusing the event would leave the
    // person without any answer.
    text: z.string().optional(),
    subtype: z.string().optional(),
    bot_id: z.string().optional(),
    thread_ts: z.string().optional(),
    /** Files shared with the message (subtype `file_share`): kept with the person's report or case. */
    files: z.array(slackFileSchema).optional(),
  })
  .loose();

/** A member's profile changed (`user_change`): who, and their address (scope `users:read.email`). */
export const userChangeEventSchema = z
  .object({
    type: z.literal('user_change'),
    user: z
      .object({
        id,
        deleted: z.boolean().optional(),
        is_bot: z.boolean().optional(),
        profile: z
          .object({ email: z.string().max(320).optional() })
          .loose()
          .optional(),
      })
      .loose(),
  })
  .loose();

/** A member joined the workspace (`team_join`): the same user object as `user_change`. */
export const teamJoinEventSchema = userChangeEventSchema.extend({ type: z.literal('team_join') });

export const homeOpenedEventSchema = z
  .object({ type: z.literal('app_home_opened'), user: id, tab: z.string().optional() })
  .loose();

/** Parses JSON `private_metadata` we wrote ourselves; undefined when missing or not an object. */
export function parseMetadata(raw: string | undefined): Record<string, unknown> | undefined {
  if (!raw) return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
