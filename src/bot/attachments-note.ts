import type { Locale } from '../models/case.js';

/**
 * What a person is told when they send a picture or a file in the bot's chat: the bot keeps text only (a case
 * stores no files), so it says so instead of passing over the attachment in silence. Any text sent with it is
 * handled as usual.
 */
export const attachmentsNotTaken: Record<Locale, string> = {
  da:
    'Jeg kan ikke tage imod billeder eller filer her, så vedhæftningen er ikke gemt. Beskriv med ord, hvad den ' +
    'viser; den, der tager din sag, kan bede dig om filen.',
  en:
    'I cannot take pictures or files here, so the attachment was not kept. Please describe in words what it ' +
    'shows; the person who takes your case can ask you for the file.',
};
