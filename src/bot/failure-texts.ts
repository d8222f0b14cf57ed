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
