import { leadingCaseNumber } from '../models/case.js';

/** How to write `add` (Danish `tilføj`), for the answer to an `add` without text. */
const addUsage = {
  da: 'Skriv fx "tilføj INC-000123 Printeren står i lokale 1.23".',
  en: 'Write e.g. "add INC-000123 The printer is in room 1.23".',
};

/** The words of `add <number> <text>`, the user's addition to a case of theirs. */
export const ADD_WORDS: readonly string[] = ['add', 'tilføj', 'tilfoej'];

export type AddParse =
  | { ok: true; ref: string; text: string }
  | { ok: false; message: { da: string; en: string } }
  /** Not an addition: the words after `add` do not start with a case number (a report that begins "Add …"). */
  | null;

/**
 * Reads what follows `add`/`tilføj`: a case number in any form `parseCaseNumber` reads (`INC-000123`, `inc-5`,
 * also written apart: `inc 5`), then the text to add — which may be left out when the message carries pictures or
 * files (`withFiles`): they are the addition. Teams and Slack read it alike.
 */
export function parseAddArgument(rest: string, withFiles = false): AddParse {
  const lead = leadingCaseNumber(rest);
  if (!lead) return null;
  const { number } = lead;
  const text = lead.rest.trim();
  if (text === '' && !withFiles) {
    return {
      ok: false,
      message: {
        da: `Hvad skal tilføjes ${number}? ${addUsage.da}`,
        en: `What should be added to ${number}? ${addUsage.en}`,
      },
    };
  }
  return { ok: true, ref: number, text };
}
