import { z } from 'zod';
import {
  type AnswerValue,
  type AttachmentRef,
  type CaseType,
  type Level,
  type Locale,
  type Person,
  type Platform,
  type Priority,
  SURFACES,
  type Surface,
} from '../../models/case.js';

/**
 * A step of the conversation. `q:<questionId>` is one question of the guide (standard what/where/who/when, then
 * the category's own); the others are named screens.
 */
export type StepId =
  | 'describe'
  | 'person'
  | 'channel'
  | 'category'
  | 'type'
  | `q:${string}`
  | 'knowledge'
  | 'urgency'
  | 'summary'
  | 'quick'
  | 'template';

/** Who drives the conversation and what it registers. */
export type IntakeMode = 'self' | 'on_behalf' | 'quick' | 'template';

/** The conversation as stored in the `CaseStore` (JSON), one per conversation key. */
export interface IntakeState {
  v: 1;
  mode: IntakeMode;
  step: StepId;
  /** Steps shown before the current one, for "back" (newest last). */
  history: StepId[];
  locale: Locale;
  platform: Platform;
  /** Where the conversation shows (default `chat`); from a `form` the user also gets a receipt. */
  surface?: Surface;
  /** The person talking to the bot (the user, or staff in the staff paths). */
  actor: Person;
  startedAt: string;
  /**
   * Random, set when the draft starts; its buttons carry it (`draft`), so a click from an earlier draft's message
   * is refused. Absent in drafts stored before it existed (their buttons carry none and act as before).
   */
  draftId?: string;
  /** The first free-text description; undefined until given ('' when skipped). */
  text?: string;
  /** Whether the describe step belongs to this conversation (started without a description). */
  askDescribe: boolean;
  proposals: { categoryId: string; score: number }[];
  categoryId?: string;
  type?: CaseType;
  typeConfirmed: boolean;
  /** Question id → answer; `null` = skipped. */
  answers: Record<string, AnswerValue>;
  /** Values shown pre-filled (from an expired draft or a template), not yet answers. */
  prefill: Record<string, AnswerValue>;
  knowledge?: { articleIds: string[]; done: boolean };
  urgency?: Level;
  /** Set while changing one step from the summary: the flow returns to the summary afterwards. */
  editing: boolean;
  onBehalf?: { query: string; candidates: Person[]; user?: Person; channel?: 'phone' | 'desk' };
  template?: { id: string; priority: Priority; groupId?: string; title: string };
  /** Major incidents (issue 9): the parent offered right now ("We know: …"), and those the user declined. */
  majorOffer?: string;
  majorDeclined?: string[];
  /**
   * The purchase category was picked and the order form offered instead (at the category step). The report ends
   * there unless the person goes back to the areas: the draft no longer counts as open (`peek`), and a message or
   * a new start begins a new report as if there were none.
   */
  orderOffer?: boolean;
  /** Pictures and files sent during the conversation (stored unlinked; linked to the case on registration). */
  attachments?: AttachmentRef[];
}

const stateSchema = z
  .object({
    v: z.literal(1),
    mode: z.enum(['self', 'on_behalf', 'quick', 'template']),
    step: z.string().min(1),
    history: z.array(z.string()),
    locale: z.enum(['da', 'en']),
    platform: z.enum(['teams', 'slack']),
    surface: z.enum(SURFACES).optional(),
    actor: z.object({ id: z.string(), name: z.string() }).passthrough(),
    startedAt: z.string(),
    askDescribe: z.boolean(),
    proposals: z.array(z.object({ categoryId: z.string(), score: z.number() })),
    typeConfirmed: z.boolean(),
    answers: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])),
    prefill: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])),
    editing: z.boolean(),
  })
  .passthrough();

/** Reads a stored state; null when it is not one this version wrote (then the conversation starts over). */
export function parseIntakeState(raw: unknown): IntakeState | null {
  return stateSchema.safeParse(raw).success ? (raw as IntakeState) : null;
}
