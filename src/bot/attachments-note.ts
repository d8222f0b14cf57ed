import type { Locale } from '../models/case.js';

/**
 * What a person is told when they send a picture or a file the bot cannot take: one it cannot fetch (a link to
 * somewhere other than Teams' or Slack's own file storage) or, where keeping files is off, any. It says so instead
 * of passing over the attachment in silence. Any text sent with it is handled as usual.
 */
export const attachmentsNotTaken: Record<Locale, string> = {
  da:
    'Jeg kunne ikke hente vedhæftningen, så den er ikke gemt. Send billedet eller filen direkte her i chatten, ' +
    'eller beskriv med ord, hvad den viser.',
  en:
    'I could not fetch the attachment, so it was not kept. Send the picture or file straight into this chat, or ' +
    'describe in words what it shows.',
};
