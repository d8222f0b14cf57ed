import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/models/case.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { KnowledgeService } from '../../src/services/knowledge.js';
import { shippedCatalogue } from '../helpers/services.js';
import { PrefixTokenArticleStore } from '../helpers/prefix-token-article-store.js';

/**
 * One report as the knowledge step searches it: the user's description ("what") and the category they chose.
 * `first` is the article that must lead the suggestions (null: the knowledge base has nothing for this problem
 * and nothing may be offered); `alsoFine` lists other articles that are a fair suggestion too. Every other article
 * of the shipped catalogue in the user's language must not be offered.
 */
interface Report {
  name: string;
  locale: Locale;
  categoryId: string;
  text: string;
  first: string | null;
  alsoFine?: string[];
}

const reports: Report[] = [
  {
    name: 'printer (en)',
    locale: 'en',
    categoryId: 'printing',
    text: 'The printer on floor 2 does not print. Nothing comes out when I send a document from my laptop.',
    first: 'printer-queue-en',
  },
  {
    name: 'printer (da)',
    locale: 'da',
    categoryId: 'printing',
    text: 'Printeren på 2. sal printer ikke. Der kommer ikke noget ud, når jeg sender fra min bærbare.',
    first: 'printer-queue-da',
  },
  {
    name: 'eduroam on a laptop (en)',
    locale: 'en',
    categoryId: 'wifi-eduroam',
    text: 'My laptop cannot connect to eduroam in the library, it keeps asking for my password.',
    first: 'eduroam-setup-en',
  },
  {
    name: 'Wi-Fi on a phone (da)',
    locale: 'da',
    categoryId: 'wifi-eduroam',
    text: 'Min telefon kan ikke komme på det trådløse net, eduroam afviser mig.',
    first: 'eduroam-setup-da',
  },
  {
    name: 'VPN from home (en)',
    locale: 'en',
    categoryId: 'vpn',
    text: 'The VPN keeps disconnecting when I work from home, Cisco says the connection was lost.',
    first: 'vpn-connect-en',
  },
  {
    name: 'VPN client error (da)',
    locale: 'da',
    categoryId: 'vpn',
    text: 'Jeg kan ikke komme på VPN hjemmefra, Cisco-klienten giver en fejl.',
    first: 'vpn-connect-da',
  },
  {
    name: 'forgotten password (da)',
    locale: 'da',
    categoryId: 'account-password',
    text: 'Jeg har glemt min adgangskode og kan ikke logge på.',
    first: 'password-reset-da',
  },
  {
    name: 'password reset (en)',
    locale: 'en',
    categoryId: 'account-password',
    text: 'I forgot my password and need to reset it.',
    first: 'password-reset-en',
  },
  {
    name: 'mail on a new iPhone (en)',
    locale: 'en',
    categoryId: 'mail-calendar',
    text: 'How do I set up my AU mail on my new iPhone?',
    first: 'mail-on-phone-en',
  },
  {
    name: 'mail and calendar on the phone (da)',
    locale: 'da',
    categoryId: 'mail-calendar',
    text: 'Jeg kan ikke få min mail og kalender på telefonen.',
    first: 'mail-on-phone-da',
  },
  {
    name: 'Brightspace course page (en)',
    locale: 'en',
    categoryId: 'lms',
    text: 'I cannot see my course page in Brightspace since this morning.',
    first: 'course-missing-en',
  },
  {
    name: 'course missing after enrolment (en)',
    locale: 'en',
    categoryId: 'lms',
    text: 'A course I enrolled in last week is missing in Brightspace.',
    first: 'course-missing-en',
  },
  {
    name: 'course missing (da)',
    locale: 'da',
    categoryId: 'lms',
    text: 'Mit kursus mangler i Brightspace, selvom jeg er tilmeldt.',
    first: 'course-missing-da',
  },
  {
    name: 'Matlab licence (da)',
    locale: 'da',
    categoryId: 'software-licences',
    text: 'Min Matlab-licens er udløbet, og programmet vil ikke starte på min computer.',
    first: null,
    // The software article says how to order a licence: a fair known solution.
    alsoFine: ['install-software-da'],
  },
  {
    name: 'installing a program (en)',
    locale: 'en',
    categoryId: 'software-licences',
    text: 'How do I install SPSS on my work laptop?',
    first: 'install-software-en',
  },
  {
    name: 'installing a program (da)',
    locale: 'da',
    categoryId: 'software-licences',
    text: 'Hvordan installerer jeg et program på min AU-computer?',
    first: 'install-software-da',
  },
  {
    name: 'slow laptop (en)',
    locale: 'en',
    categoryId: 'pc-mac-hardware',
    text: 'My laptop is very slow and the screen flickers when I connect it to the docking station.',
    first: 'slow-computer-en',
  },
  {
    name: 'slow and freezing computer (da)',
    locale: 'da',
    categoryId: 'pc-mac-hardware',
    text: 'Min computer er meget langsom og hænger hele tiden.',
    first: 'slow-computer-da',
  },
  {
    name: 'MFA on a new phone (en)',
    locale: 'en',
    categoryId: 'account-password',
    text: 'I got a new phone and now I cannot approve the MFA sign-in.',
    first: 'mfa-new-phone-en',
    // A new phone also means setting up mail again: a fair second suggestion.
    alsoFine: ['password-reset-en'],
  },
  {
    name: 'Authenticator on a new phone (da)',
    locale: 'da',
    categoryId: 'account-password',
    text: 'Jeg har fået ny telefon, og nu kan jeg ikke godkende login med Authenticator.',
    first: 'mfa-new-phone-da',
    alsoFine: ['password-reset-da'],
  },
  {
    name: 'microphone in Teams meetings (en)',
    locale: 'en',
    categoryId: 'teams-sharepoint',
    text: 'Nobody can hear me in Teams meetings, my microphone does not work.',
    first: 'teams-meeting-sound-en',
  },
  {
    name: 'camera in Teams meetings (da)',
    locale: 'da',
    categoryId: 'teams-sharepoint',
    text: 'Mit kamera virker ikke i Teams-møder, de andre kan ikke se mig.',
    first: 'teams-meeting-sound-da',
  },
  {
    name: 'OneDrive does not sync (en)',
    locale: 'en',
    categoryId: 'teams-sharepoint',
    text: 'OneDrive has stopped syncing my files, there is a red cross on the cloud.',
    first: 'onedrive-sync-en',
  },
  {
    name: 'OneDrive does not sync (da)',
    locale: 'da',
    categoryId: 'teams-sharepoint',
    text: 'OneDrive synkroniserer ikke mine filer længere.',
    first: 'onedrive-sync-da',
  },
  {
    name: 'desk phone (en)',
    locale: 'en',
    categoryId: 'telephony',
    text: 'My desk phone has no dial tone and calls to my extension do not ring.',
    first: null,
  },
  {
    name: 'extension does not ring (da)',
    locale: 'da',
    categoryId: 'telephony',
    text: 'Min telefon ringer ikke, når nogen ringer til mit lokalnummer.',
    first: null,
  },
  {
    name: 'network drive from home (en)',
    locale: 'en',
    categoryId: 'file-shares',
    text: 'I cannot open the shared network drive when I work from home.',
    first: null,
    // Network drives need the VPN from outside AU: a fair known solution.
    alsoFine: ['vpn-connect-en'],
  },
  {
    name: 'missing O drive (da)',
    locale: 'da',
    categoryId: 'file-shares',
    text: 'O-drevet er forsvundet fra min stifinder, og jeg kan ikke se mine filer.',
    first: null,
  },
];

/** The relevance rules live in the service, so they must hold on bm25 (SQLite) and on MongoDB-like prefix tokens. */
const stores = [
  { search: 'SQLite FTS5 bm25', open: () => new SqliteCaseStore({ file: ':memory:' }) },
  { search: 'word prefixes (MongoDB-like)', open: () => new PrefixTokenArticleStore() },
];

describe.each(stores)('KnowledgeService relevance on $search', ({ open }) => {
  let store: SqliteCaseStore;
  let knowledge: KnowledgeService;
  beforeAll(async () => {
    store = open();
    await store.init();
    knowledge = new KnowledgeService(store, shippedCatalogue());
    await knowledge.seed();
  });
  afterAll(async () => {
    await store.close();
  });

  it.each(reports)('offers the matching known solution and nothing unrelated when the report is $name', async (r) => {
    const offered = (await knowledge.suggest(r.text, { locale: r.locale, categoryId: r.categoryId })).map(
      (h) => h.article.id,
    );
    if (r.first === null) expect(offered.filter((id) => !r.alsoFine?.includes(id))).toEqual([]);
    else expect(offered[0]).toBe(r.first);
    const fine = new Set([r.first, ...(r.alsoFine ?? [])]);
    const unrelated = shippedCatalogue()
      .catalogue.articles.filter((a) => a.locale === r.locale && !fine.has(a.id))
      .map((a) => a.id);
    expect(offered.filter((id) => unrelated.includes(id))).toEqual([]);
  });
});

describe('KnowledgeService relevance', () => {
  let store: SqliteCaseStore;
  let knowledge: KnowledgeService;
  beforeAll(async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    knowledge = new KnowledgeService(store, shippedCatalogue());
    await knowledge.seed();
  });
  afterAll(async () => {
    await store.close();
  });

  it('still offers an article of another category when the report clearly describes its problem', async () => {
    const offered = await knowledge.suggest('I forgot my password, so eduroam and mail stopped working', {
      locale: 'en',
      categoryId: 'wifi-eduroam',
    });
    expect(offered.map((h) => h.article.id).sort()).toEqual(['eduroam-setup-en', 'password-reset-en']);
  });

  it('offers no article of another category when the only shared word is a keyword of the chosen category', async () => {
    const withCategory = await knowledge.suggest('new phone', { locale: 'en', categoryId: 'telephony' });
    expect(withCategory).toEqual([]);
    const withoutCategory = await knowledge.suggest('mail on my phone', { locale: 'en' });
    expect(withoutCategory[0]?.article.id).toBe('mail-on-phone-en');
  });
});
