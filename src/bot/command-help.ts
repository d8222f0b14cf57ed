import type { Locale, Person } from '../models/case.js';

/**
 * Who a help line is for: `user` everyone, `staff` support staff (member or supervisor of a catalogue group, or
 * an admin: `isStaff`), `admin` the catalogue's admins (data-protection commands).
 */
export type HelpAudience = 'user' | 'staff' | 'admin';

/** One command in a help text: who may use it, the command words it documents, and its line per locale. */
export interface HelpEntry {
  audience: HelpAudience;
  /** The words that start the command (`status`, `major link`), as the parsers read them; for completeness tests. */
  words: readonly string[];
  da: string;
  en: string;
}

/** What a person may run, as far as help is concerned. */
export interface HelpRights {
  staff: boolean;
  admin: boolean;
}

/** The role checks the transports already hold (catalogue-based, by e-mail; see services/roles.ts). */
export interface HelpRoleChecks {
  isStaff: (person: Person) => boolean;
  isAdmin: (person: Person) => boolean;
}

/** A person's help rights. An admin is always staff too (`isStaff` counts admins), so admins see all three parts. */
export function helpRightsOf(person: Person, roles: HelpRoleChecks): HelpRights {
  const admin = roles.isAdmin(person);
  return { staff: admin || roles.isStaff(person), admin };
}

/** Whether a person with `rights` may use commands of `audience`. */
export function mayUse(rights: HelpRights, audience: HelpAudience): boolean {
  return audience === 'user' || (audience === 'staff' ? rights.staff : rights.admin);
}

/** Section headings, shown only above the parts a person gets. */
const HEADINGS: Record<HelpAudience, Record<Locale, string>> = {
  user: { da: 'Kommandoer:', en: 'Commands:' },
  staff: { da: 'Til support:', en: 'For support staff:' },
  admin: { da: 'Til administratorer (persondata):', en: 'For admins (personal data):' },
};

const AUDIENCES: readonly HelpAudience[] = ['user', 'staff', 'admin'];

/**
 * The help parts a person gets, in order user → staff → admin: each a heading and one line per command it may
 * use, `bullet` before each line (`- ` is a Markdown list in Teams, `• ` reads well in Slack). Parts are joined
 * by a blank line, so both renderers show them as separate paragraphs.
 */
export function helpSections(
  entries: readonly HelpEntry[],
  rights: HelpRights,
  locale: Locale,
  bullet: string,
): string {
  const parts: string[] = [];
  for (const audience of AUDIENCES) {
    if (!mayUse(rights, audience)) continue;
    const lines = entries.filter((e) => e.audience === audience).map((e) => `${bullet}${e[locale]}`);
    if (lines.length > 0) parts.push([HEADINGS[audience][locale], ...lines].join('\n'));
  }
  return parts.join('\n\n');
}
