import { z } from 'zod';
import { truncate } from '../cards/truncate.js';
import { parseCaseNumber } from '../models/case.js';

/**
 * The arguments of `status <number>` and `queue [group]` as a chat message writes them (Teams personal chat, the
 * Slack DM), read alike on both, with the same usage hints. `/incident` has its own (its hints name the command).
 */
export type ArgumentParse<T> = ({ ok: true } & T) | { ok: false; message: { da: string; en: string } } | null;

/** The words of `queue [group]` in a chat message. */
export const QUEUE_WORDS: readonly string[] = ['queue', 'kø'];

const statusUsage = {
  da: 'Skriv fx "status INC-000123" (sagsnummeret står på din kvittering).',
  en: 'Write e.g. "status INC-000123" (the case number is on your receipt).',
};

const statusArg = z
  .string()
  .trim()
  .min(1, 'missing')
  .transform((v, ctx) => {
    const number = parseCaseNumber(v);
    if (number) return number;
    if (/^[0-9a-f-]{8,64}$/i.test(v)) return v;
    ctx.addIssue({ code: 'custom', message: 'format' });
    return z.NEVER;
  });

/**
 * Words after `status` that are prose, not a try at a case number: a number takes one word, two when written apart
 * (`inc 5`), so three words or more that do not read as one are a sentence ("page of the wiki shows an error").
 */
const SENTENCE_WORDS = 3;

/**
 * What follows `status`: a case number (any spelling `parseCaseNumber` reads) or a case id. Nothing, or one or two
 * words that are none (`status INC-12x`, `status inc 12x`, "Status unchanged"), get a usage hint saying what is
 * wrong; a sentence that merely begins with "status" ("Status page of the wiki shows an error", "Status INC-000001
 * is wrong, the printer still fails") is not the command (null): it is a report, or the answer to a waiting
 * question.
 */
export function parseStatusArgument(rest: string): ArgumentParse<{ ref: string }> {
  const text = rest.trim();
  const parsed = statusArg.safeParse(text);
  if (parsed.success) return { ok: true, ref: parsed.data };
  if (text.split(/\s+/).length >= SENTENCE_WORDS) return null;
  return {
    ok: false,
    message:
      text === ''
        ? { da: `Hvilken sag? ${statusUsage.da}`, en: `Which case? ${statusUsage.en}` }
        : {
            da: `"${truncate(text, 40)}" er ikke et sagsnummer. ${statusUsage.da}`,
            en: `"${truncate(text, 40)}" is not a case number. ${statusUsage.en}`,
          },
  };
}

const groupArg = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'format')
  .optional();

/**
 * What follows `queue`: nothing (the person's groups) or one group id. Anything else gets a usage hint for staff;
 * for anyone else only a well-formed command is one (the service then says it is for staff): "Queue in Brightspace
 * is stuck" is a report (null).
 */
export function parseQueueArgument(rest: string, isStaff: boolean): ArgumentParse<{ groupId?: string }> {
  const text = rest.trim();
  const parsed = groupArg.safeParse(text === '' ? undefined : text);
  if (parsed.success) return parsed.data ? { ok: true, groupId: parsed.data } : { ok: true };
  if (!isStaff) return null;
  return {
    ok: false,
    message: {
      da: 'Skriv "kø" for dine gruppers kø, eller "kø «gruppe-id»" for én gruppe.',
      en: 'Write "queue" for your groups\' queue, or "queue «group id»" for one group.',
    },
  };
}
