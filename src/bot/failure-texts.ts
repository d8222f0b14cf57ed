import { MESSAGE_PART_CHARS, textWeight } from '../cards/message-parts.js';
import type { Locale } from '../models/case.js';

/**
 * What both transports tell a person whose request met a store that threw `STORE.UNAVAILABLE`: nothing was done,
 * nothing earlier is lost, try again.
 */
export const storeDownText: Record<Locale, string> = {
  da:
    'Vores sagssystem svarer ikke lige nu, så det blev ikke gjort. Intet af det, du har sendt før, er gået tabt. ' +
    'Prøv igen om et øjeblik.',
  en:
    'Our case system is not answering right now, so that was not done. Nothing you sent earlier is lost. ' +
    'Please try again in a moment.',
};

/** The longest text `storeDownQuoted` quotes back whole (one message, its own sentences around it). */
const QUOTE_CHARS = MESSAGE_PART_CHARS - 400;

/**
 * `storeDownText` for a chat message the store could not even read for (a case awaiting the person's answer, their
 * report in progress): what they wrote (`typed`) is quoted back to send again, as an answer the store did not take is,
 * and the files sent with it (`files`, names) are named; a text too long to quote is in their own message above.
 */
export function storeDownQuoted(locale: Locale, typed: string, files: readonly string[] = []): string {
  const text = typed.trim();
  const quote = textWeight(text) <= QUOTE_CHARS ? text : undefined;
  const names = files.join(', ');
  if (locale === 'da')
    return (
      'Vores sagssystem svarer ikke lige nu, så din besked blev ikke taget imod, og intet blev gemt. ' +
      (text === ''
        ? `📎 Send gerne filerne igen om et øjeblik: ${names}.`
        : 'Send den gerne igen om et øjeblik' +
          (quote === undefined ? ' (den står i din besked ovenfor).' : `. Her er det, du skrev:\n\n${quote}`) +
          (names ? `\n\n📎 Send også filerne igen: ${names}.` : ''))
    );
  return (
    'Our case system is not answering right now, so your message was not taken and nothing was saved. ' +
    (text === ''
      ? `📎 Please send the files again in a moment: ${names}.`
      : 'Please send it again in a moment' +
        (quote === undefined ? ' (it is in your message above).' : `. Here is what you wrote:\n\n${quote}`) +
        (names ? `\n\n📎 Please send the files again too: ${names}.` : ''))
  );
}
