import { leadingCaseNumber } from '../models/case.js';

/** How to write `add` (Danish `tilføj`), for the answer to an `add` without text. */
const addUsage = {
  da: 'Skriv fx "tilføj INC-000123 Printeren står i lokale 1.23".',
  en: 'Write e.g. "add INC-000123 The printer is in room 1.23".',
};

/** The words of `add <number> <text>`, the user's addition to a case of theirs. */
export const ADD_WORDS: readonly string[] = ['add', 'tilføj', 'tilfoej'];

export type AddParse =
  | {
      ok: true;
      ref: string;
      text: string;
      /**
       * True when the number was written without a dash or `#` (`inc 5`, `SR 2`, `sr2`): in a chat message that may
       * be a report's own words rather than a case ("add SR 2 monitors" orders two monitors), see `isAddition`.
       */
      apart?: true;
    }
  | { ok: false; message: { da: string; en: string } }
  /** Not an addition: the words after `add` do not start with a case number (a report that begins "Add …"). */
  | null;

/** A case number written with a dash (any dash look-alike) or `#`: a case is meant, not a quantity. */
const MARKED_NUMBER = /^(#|[^\S\n]*(?:inc|sr)[^\S\n]*[-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D])/i;

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
  const apart = !MARKED_NUMBER.test(rest.trim().normalize('NFKC'));
  return { ok: true, ref: number, text, ...(apart ? { apart: true as const } : {}) };
}

/**
 * Whether a chat message read as `add <number> <text>` (Teams personal chat, the Slack DM) is an addition to that
 * case, or a report whose words happen to start so: a number written with a dash or `#` always means the case
 * (the service answers when it is none of the person's); one written apart (`add inc 5 printers are down`, `add SR
 * 2 monitors`) only when the person can look that case up (`canSee`: `status` would show it — their own cases,
 * any case for staff). Otherwise the whole message is an ordinary report.
 */
export async function isAddition(
  add: { ref: string; apart?: true },
  canSee: (number: string) => Promise<boolean>,
): Promise<boolean> {
  return add.apart !== true || (await canSee(add.ref));
}
