import type { Locale } from '../../models/case.js';

/** Texts of the data-protection commands, in Danish and English. */
export const privacyMessages = {
  da: {
    adminsOnly: 'Kun databeskyttelsesadministratorer kan eksportere eller slette persondata.',
    badQuery: 'Skriv personens e-mailadresse, fx "admin export anna@au.dk".',
    notFound: (q: string) => `Jeg fandt ingen data om ${q}.`,
    exportTitle: (q: string) => `Dataudtræk for ${q}`,
    exportText: (cases: number, notes: number) =>
      `Udtrækket omfatter ${cases} sager og ${notes} noter. JSON-filen følger med beskeden. Udtrækket er logget.`,
    eraseTitle: (q: string) => `Persondata slettet for ${q}`,
    eraseText: (cases: number, other: number) =>
      `Personen er fjernet fra ${cases} sager og ${other} andre poster. Sagerne og tallene er bevaret. Sletningen er logget.`,
    anonymous: 'Anonym',
    erased: 'Slettet person',
  },
  en: {
    adminsOnly: 'Only data-protection admins can export or erase personal data.',
    badQuery: 'Give the person\'s e-mail address, e.g. "admin export anna@au.dk".',
    notFound: (q: string) => `I found no data about ${q}.`,
    exportTitle: (q: string) => `Data export for ${q}`,
    exportText: (cases: number, notes: number) =>
      `The export covers ${cases} cases and ${notes} notes. The JSON file comes with this message. The export is logged.`,
    eraseTitle: (q: string) => `Personal data erased for ${q}`,
    eraseText: (cases: number, other: number) =>
      `The person was removed from ${cases} cases and ${other} other records. The cases and the figures are kept. The erasure is logged.`,
    anonymous: 'Anonymous',
    erased: 'Erased person',
  },
} satisfies Record<Locale, Record<string, unknown>>;
