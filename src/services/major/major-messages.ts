import type { Locale } from '../../models/case.js';

/**
 * Every text of the major-incident feature, in Danish and English. Summaries, notes and titles are passed in as
 * data and never interpreted. "Driftsforstyrrelse" is the word AU IT uses for an outage.
 */
type Msg<P> = Record<Locale, (p: P) => string>;
const m = <P>(da: (p: P) => string, en: (p: P) => string): Msg<P> => ({ da, en });

interface On {
  number: string;
}
interface Summary extends On {
  summary: string;
}

/** `a, b and c` (`og` in Danish). */
function listOf(items: readonly string[], and: string): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}` : (items[0] ?? '');
}

/** "din sag X", "dine sager X og Y". */
function yourCasesDa(children: readonly string[]): string {
  return children.length > 1 ? `dine sager ${listOf(children, 'og')}` : `din sag ${children[0] ?? ''}`;
}

/** "your case X", "your cases X and Y". */
function yourCasesEn(children: readonly string[]): string {
  return children.length > 1 ? `your cases ${listOf(children, 'and')}` : `your case ${children[0] ?? ''}`;
}

/**
 * The paragraph naming a person's other reports resolved with the major incident (`others`), each asked in a message
 * of its own; the answer to this message is for `child` only. Empty without others.
 */
function othersDa(child: string, others: readonly string[] = []): string {
  if (others.length === 0) return '';
  const also =
    others.length > 1
      ? `Dine sager ${listOf(others, 'og')} er også løst med den, og du bliver spurgt om hver af dem i en besked for sig.`
      : `Din sag ${others[0]} er også løst med den, og du bliver spurgt om den i en besked for sig.`;
  return `\n\n${also} Dit svar her gælder ${child}.`;
}

function othersEn(child: string, others: readonly string[] = []): string {
  if (others.length === 0) return '';
  const also =
    others.length > 1
      ? `Your cases ${listOf(others, 'and')} are resolved with it too; you are asked about each in a message of its own.`
      : `Your case ${others[0]} is resolved with it too; you are asked about it in a message of its own.`;
  return `\n\n${also} Your answer here is for ${child}.`;
}

/** Personal messages to the users whose reports are linked to a major incident. */
export const majorUserMessages = {
  /**
   * The paragraph added to the "closed" message (and its invitation to rate) of a report resolved with its major
   * incident when the ladder closes other reports of the same person with it (`others`), each told in a message of its
   * own; `rate`: the message invites a rating, which is for `child` only (not to someone standing in for a student).
   */
  closedToo: m<{ child: string; others: readonly string[]; rate: boolean }>(
    (p) => {
      const also =
        p.others.length > 1
          ? `Dine sager ${listOf(p.others, 'og')} er også lukket med den samme driftsforstyrrelse; du får en besked for hver af dem.`
          : `Din sag ${p.others[0]} er også lukket med den samme driftsforstyrrelse; du får en besked for sig om den.`;
      return `\n\n${also}${p.rate ? ` Din bedømmelse her gælder ${p.child}.` : ''}`;
    },
    (p) => {
      const also =
        p.others.length > 1
          ? `Your cases ${listOf(p.others, 'and')} are closed with the same major incident too; you get a message of its own for each.`
          : `Your case ${p.others[0]} is closed with the same major incident too; you get a message of its own about it.`;
      return `\n\n${also}${p.rate ? ` Your rating here is for ${p.child}.` : ''}`;
    },
  ),
  linked: m<Summary & { child: string }>(
    (p) =>
      `Din sag ${p.child} hører til en kendt driftsforstyrrelse (${p.number}): ${p.summary}\n\nVi arbejder på den, og du får besked her, når der er nyt.`,
    (p) =>
      `Your case ${p.child} is part of a known major incident (${p.number}): ${p.summary}\n\nWe are working on it, and you will hear from us here when there is news.`,
  ),
  /** A public note on the major incident; `children`: every open report of the person's it reaches (one message). */
  /** `part`: a long update comes in several messages (`splitText`), each saying which of them it is. */
  update: m<Summary & { children: readonly string[]; who: string; text: string; part?: { n: number; of: number } }>(
    (p) =>
      `Nyt om driftsforstyrrelsen ${p.number}${p.part ? ` – del ${p.part.n} af ${p.part.of}` : ''} (${yourCasesDa(p.children)}): ${p.summary}\n\n${p.who} skriver:\n${p.text}` +
      (p.part?.n === 1 ? `\n\nOpdateringen er lang, så den kommer i ${p.part.of} beskeder efter hinanden.` : ''),
    (p) =>
      `Update on the major incident ${p.number}${p.part ? ` – part ${p.part.n} of ${p.part.of}` : ''} (${yourCasesEn(p.children)}): ${p.summary}\n\n${p.who} writes:\n${p.text}` +
      (p.part?.n === 1 ? `\n\nThe update is long, so it comes in ${p.part.of} messages, one after the other.` : ''),
  ),
  /** A new status; `who` only when staff set it (not the major incident's own user, who is no one's business). */
  status: m<Summary & { children: readonly string[]; who?: string; status: string }>(
    (p) =>
      `Nyt om driftsforstyrrelsen ${p.number} (${yourCasesDa(p.children)}): ${p.summary}\n\n${p.who ? `${p.who} har sat status til ${p.status}.` : `Status er nu ${p.status}.`}`,
    (p) =>
      `Update on the major incident ${p.number} (${yourCasesEn(p.children)}): ${p.summary}\n\n${p.who ? `${p.who} set the status to ${p.status}.` : `The status is now ${p.status}.`}`,
  ),
  /**
   * The question to the user of a report resolved with its major incident, one per report (its buttons answer for
   * that report); `others`: the same person's other reports resolved with it, each asked in a message of its own.
   * `part`: one of the messages a solution too long for one comes in (`messageParts`): the first says how many, the
   * last names the others and asks (it carries the buttons, read after the whole solution).
   */
  resolved: m<
    Summary & {
      child: string;
      title: string;
      who: string;
      solution: string;
      others?: readonly string[];
      part?: { n: number; of: number };
    }
  >(
    (p) =>
      `Driftsforstyrrelsen ${p.number} er løst af ${p.who}: ${p.summary}\n\nDin sag ${p.child} ("${p.title}") er derfor løst med samme løsning${p.part ? ` – del ${p.part.n} af ${p.part.of}` : ''}:\n${p.solution}` +
      (p.part?.n === 1
        ? `\n\nLøsningen er lang, så den kommer i ${p.part.of} beskeder efter hinanden. Den sidste spørger, om det virker igen.`
        : '') +
      (!p.part || p.part.n === p.part.of ? `${othersDa(p.child, p.others)}\n\nVirker det for dig igen?` : ''),
    (p) =>
      `The major incident ${p.number} was resolved by ${p.who}: ${p.summary}\n\nYour case ${p.child} ("${p.title}") is resolved with the same solution${p.part ? ` – part ${p.part.n} of ${p.part.of}` : ''}:\n${p.solution}` +
      (p.part?.n === 1
        ? `\n\nThe solution is long, so it comes in ${p.part.of} messages, one after the other. The last one asks whether it works again.`
        : '') +
      (!p.part || p.part.n === p.part.of ? `${othersEn(p.child, p.others)}\n\nDoes it work for you again?` : ''),
  ),
  /**
   * The receipt of a report registered linked (joined at intake from a form, or by staff on the user's behalf): no
   * named person takes it, the major incident's news comes instead.
   */
  registered: m<Summary & { child: string; title: string; by?: string }>(
    (p) =>
      `Din sag ${p.child} er registreret${p.by ? ` af ${p.by} på dine vegne` : ''}: "${p.title}". Den hører til en kendt driftsforstyrrelse (${p.number}): ${p.summary}\n\nVi arbejder på den, og du får besked her, når der er nyt, og når den er løst. Du kan altid se status med "status ${p.child}".`,
    (p) =>
      `Your case ${p.child} is registered${p.by ? ` by ${p.by} on your behalf` : ''}: "${p.title}". It is part of a known major incident (${p.number}): ${p.summary}\n\nWe are working on it, and you will hear from us here when there is news, and when it is resolved. You can always check it with "status ${p.child}".`,
  ),
  /**
   * To the user of a report resolved with its major incident when the major incident is open again; `who` only when
   * staff reopened it (not when its own user said it still does not work). `children`: every report of theirs it
   * takes back (one message a person).
   */
  reopened: m<Summary & { children: readonly string[]; who?: string }>(
    (p) =>
      `Driftsforstyrrelsen ${p.number} er åben igen${p.who ? ` (${p.who})` : ''}: ${p.summary}\n\nLøsningen holdt ikke, så ${p.children.length > 1 ? `dine sager ${listOf(p.children, 'og')} er` : `din sag ${p.children[0]} er`} åbnet igen sammen med den. Vi arbejder på det, og du får besked her, når der er nyt, og når det er løst.`,
    (p) =>
      `The major incident ${p.number} is open again${p.who ? ` (${p.who})` : ''}: ${p.summary}\n\nThe solution did not hold, so ${p.children.length > 1 ? `your cases ${listOf(p.children, 'and')} are` : `your case ${p.children[0]} is`} reopened with it. We are working on it, and you will hear from us here when there is news, and when it is resolved.`,
  ),
  /** To the user of an open report taken off its major incident: the news they were promised is not coming. */
  unlinked: m<On & { child: string; title: string; group: string }>(
    (p) =>
      `Din sag ${p.child} ("${p.title}") er ikke længere knyttet til driftsforstyrrelsen ${p.number}. ${p.group} behandler den nu for sig, og du hører fra os her, når der er nyt.`,
    (p) =>
      `Your case ${p.child} ("${p.title}") is no longer part of the major incident ${p.number}. ${p.group} now handles it on its own, and you will hear from us here when there is news.`,
  ),
  solvedTitle: m<On>(
    (p) => `${p.number} er løst`,
    (p) => `${p.number} is resolved`,
  ),
  solved: m<void>(
    () => 'Ja, løst',
    () => 'Yes, solved',
  ),
  stillAProblem: m<void>(
    () => 'Nej, stadig et problem',
    () => 'No, still a problem',
  ),
};

/** Messages to staff: the supervisor's ping, thread replies and the 1st-level channels' announcement. */
export const majorStaffMessages = {
  supervisorPing: m<Summary & { name: string; who: string; title: string }>(
    (p) =>
      `${p.name}: ${p.who} har erklæret ${p.number} ("${p.title}") som driftsforstyrrelse: ${p.summary}. Nye henvendelser om det samme kan knyttes til den.`,
    (p) =>
      `${p.name}: ${p.who} declared ${p.number} ("${p.title}") a major incident: ${p.summary}. New reports of the same problem can be linked to it.`,
  ),
  declaredThread: m<Summary & { who: string }>(
    (p) => `${p.who} har erklæret sagen som driftsforstyrrelse: ${p.summary}`,
    (p) => `${p.who} declared this case a major incident: ${p.summary}`,
  ),
  announce: m<Summary & { group: string; since: string }>(
    (p) =>
      `Driftsforstyrrelse ${p.number} siden ${p.since} (${p.group} har den): ${p.summary}\n\nKnyt nye henvendelser om det samme til ${p.number} ("Knyt til driftsforstyrrelse" på sagen).`,
    (p) =>
      `Major incident ${p.number} since ${p.since} (${p.group} has it): ${p.summary}\n\nLink new reports of the same problem to ${p.number} ("Link to major incident" on the case).`,
  ),
  announceTitle: m<On>(
    (p) => `Driftsforstyrrelse ${p.number}`,
    (p) => `Major incident ${p.number}`,
  ),
  linkedThread: m<On & { who: string }>(
    (p) => `${p.who} har knyttet sagen til driftsforstyrrelsen ${p.number}.`,
    (p) => `${p.who} linked this case to the major incident ${p.number}.`,
  ),
  unlinkedThread: m<On & { who: string }>(
    (p) => `${p.who} har fjernet sagen fra driftsforstyrrelsen ${p.number}.`,
    (p) => `${p.who} unlinked this case from the major incident ${p.number}.`,
  ),
  /**
   * The urgent ping (PROCESS.md step 4) to the supervisor of the group whose pile an urgent report lands in when it
   * is taken off its major incident (`parent`) with nobody on it.
   */
  unlinkedUrgent: m<{
    name: string;
    number: string;
    title: string;
    user: string;
    priority: string;
    parent: string;
    who: string;
    group: string;
  }>(
    (p) =>
      `${p.name}: sag ${p.number} ("${p.title}") fra ${p.user} haster (${p.priority}) og er taget af driftsforstyrrelsen ${p.parent} af ${p.who}; den ligger i bunken hos ${p.group} uden nogen på. Sørg for, at nogen tager den nu.`,
    (p) =>
      `${p.name}: case ${p.number} ("${p.title}") from ${p.user} is urgent (${p.priority}) and was taken off the major incident ${p.parent} by ${p.who}; it is in the pile at ${p.group} with nobody on it. Please see that someone takes it now.`,
  ),
  resolvedWithParent: m<On & { who: string }>(
    (p) => `Løst sammen med driftsforstyrrelsen ${p.number} af ${p.who}.`,
    (p) => `Resolved with the major incident ${p.number} by ${p.who}.`,
  ),
  leftResolvedParent: m<On>(
    (p) => `Sagen var knyttet til driftsforstyrrelsen ${p.number}, som er løst; den behandles nu som en sag for sig.`,
    (p) =>
      `This case was linked to the major incident ${p.number}, which is resolved; it is now handled as a case of its own.`,
  ),
  reopenedAfterParent: m<On & { child: string; user: string; group: string }>(
    (p) =>
      `${p.child}: ${p.user} siger, at det stadig er et problem efter løsningen af ${p.number}. Henvendelsen behandles nu for sig i ${p.group}.`,
    (p) =>
      `${p.child}: ${p.user} says it is still a problem after ${p.number} was resolved. The report is now handled on its own in ${p.group}.`,
  ),
  returnedAfterParent: m<On & { child: string; who: string; group: string }>(
    (p) =>
      `${p.child}: ${p.who} har sendt henvendelsen tilbage til behandling efter løsningen af ${p.number}. Den behandles nu for sig i ${p.group}.`,
    (p) =>
      `${p.child}: ${p.who} sent the report back for more work after ${p.number} was resolved. It is now handled on its own in ${p.group}.`,
  ),
};

/** "3 berørte henvendelser", "1 berørt henvendelse": the reports linked to a major incident. */
function countDa(n: number): string {
  return n === 1 ? '1 berørt henvendelse' : `${n} berørte henvendelser`;
}

/** "3 linked reports", "1 linked report". */
function countEn(n: number): string {
  return n === 1 ? '1 linked report' : `${n} linked reports`;
}

/** Replies to the staff member who acted. */
export const majorReplies = {
  declared: m<On & { supervisor: string; channels: number }>(
    (p) =>
      `${p.number} er nu en driftsforstyrrelse. ${p.supervisor} har fået besked, og kortet er sendt til ${p.channels} 1. niveau-kanal(er).`,
    (p) =>
      `${p.number} is now a major incident. ${p.supervisor} was told, and the card went to ${p.channels} 1st-level channel(s).`,
  ),
  declaredBySupervisor: m<On & { channels: number }>(
    (p) => `${p.number} er nu en driftsforstyrrelse. Kortet er sendt til ${p.channels} 1. niveau-kanal(er).`,
    (p) => `${p.number} is now a major incident. The card went to ${p.channels} 1st-level channel(s).`,
  ),
  linked: m<On & { child: string; count: number }>(
    (p) => `${p.child} er knyttet til driftsforstyrrelsen ${p.number} (${countDa(p.count)}).`,
    (p) => `${p.child} is linked to the major incident ${p.number} (${countEn(p.count)}).`,
  ),
  alreadyLinked: m<On & { child: string }>(
    (p) => `${p.child} er allerede knyttet til ${p.number}.`,
    (p) => `${p.child} is already linked to ${p.number}.`,
  ),
  notLinked: m<On>(
    (p) => `${p.number} er ikke knyttet til en driftsforstyrrelse.`,
    (p) => `${p.number} is not linked to a major incident.`,
  ),
  /** `count`: the reports still linked to it, as the link's reply says how many are. */
  unlinked: m<On & { child: string; count: number }>(
    (p) => `${p.child} er ikke længere knyttet til driftsforstyrrelsen ${p.number} (${countDa(p.count)}).`,
    (p) => `${p.child} is no longer linked to the major incident ${p.number} (${countEn(p.count)}).`,
  ),
  /**
   * `count`: the linked reports' users the update went to; none yet (nothing linked, or no one else to tell) too.
   * `pending`: reports resolved with it that it takes back now it is open again but could not yet (changed meanwhile
   * at every attempt), which the durable follow-up takes back half a minute later (`runMajorFollowUp`).
   */
  fannedOut: m<On & { count: number; pending?: number }>(
    (p) =>
      (p.count === 0
        ? p.pending
          ? `Opdateringen om ${p.number} er ikke sendt personligt til nogen endnu.`
          : `Opdateringen om ${p.number} sendes ikke personligt til nogen: ingen anden berørt bruger er knyttet til den.`
        : `Opdateringen om ${p.number} sendes personligt til ${p.count === 1 ? '1 berørt bruger' : `${p.count} berørte brugere`}.`) +
      (p.pending
        ? ` ${p.pending === 1 ? '1 tilknyttet sag, der var løst sammen med den,' : `${p.pending} tilknyttede sager, der var løst sammen med den,`} blev ændret i samme øjeblik og er ikke genåbnet med den endnu: botten prøver igen om et halvt minut.`
        : ''),
    (p) =>
      (p.count === 0
        ? p.pending
          ? `The update on ${p.number} has gone to nobody personally yet.`
          : `The update on ${p.number} goes to nobody personally: no other affected user is linked to it.`
        : `The update on ${p.number} goes personally to ${p.count === 1 ? '1 affected user' : `${p.count} affected users`}.`) +
      (p.pending
        ? ` ${p.pending === 1 ? '1 linked case resolved with it was' : `${p.pending} linked cases resolved with it were`} being changed at that very moment and ${p.pending === 1 ? 'is' : 'are'} not reopened with it yet: the bot tries again in half a minute.`
        : ''),
  ),
  /**
   * `count`: the linked cases resolved with it; `pending`: those still open that were changed meanwhile at every
   * attempt (a note, a card posted), which the durable follow-up resolves half a minute later (`runMajorFollowUp`).
   */
  resolvedAll: m<On & { count: number; pending: number }>(
    (p) =>
      [
        p.count === 0
          ? p.pending === 0
            ? `Ingen tilknyttet sag var åben, så ingen er løst sammen med ${p.number}.`
            : ''
          : p.count === 1
            ? `1 tilknyttet sag er løst sammen med ${p.number}; brugeren bliver bedt om at bekræfte.`
            : `${p.count} tilknyttede sager er løst sammen med ${p.number}; hver bruger bliver bedt om at bekræfte.`,
        p.pending === 0
          ? ''
          : `${p.pending === 1 ? '1 tilknyttet sag' : `${p.pending} tilknyttede sager`}${p.count > 0 ? ' mere' : ''} blev ændret i samme øjeblik og er ikke løst sammen med ${p.number} endnu: botten prøver igen om et halvt minut.`,
      ]
        .filter(Boolean)
        .join(' '),
    (p) =>
      [
        p.count === 0
          ? p.pending === 0
            ? `No linked case was open, so none was resolved with ${p.number}.`
            : ''
          : p.count === 1
            ? `1 linked case was resolved with ${p.number}; its user is asked to confirm.`
            : `${p.count} linked cases were resolved with ${p.number}; each user is asked to confirm.`,
        p.pending === 0
          ? ''
          : `${p.pending}${p.count > 0 ? ' more' : ''} linked ${p.pending === 1 ? 'case was' : 'cases were'} being changed at that very moment and ${p.pending === 1 ? 'is' : 'are'} not resolved with ${p.number} yet: the bot tries again in half a minute.`,
      ]
        .filter(Boolean)
        .join(' '),
  ),
  noParent: m<{ ref: string }>(
    (p) => `Jeg kan ikke finde en åben driftsforstyrrelse med nummeret ${p.ref}.`,
    (p) => `I cannot find an open major incident numbered ${p.ref}.`,
  ),
  notACase: m<{ ref: string }>(
    (p) => `Jeg kan ikke finde sagen ${p.ref}. Tjek nummeret (fx INC-000123).`,
    (p) => `I cannot find case ${p.ref}. Please check the number (e.g. INC-000123).`,
  ),
  selfLink: m<On>(
    (p) => `${p.number} kan ikke knyttes til sig selv.`,
    (p) => `${p.number} cannot be linked to itself.`,
  ),
  linkedElsewhere: m<On & { child: string }>(
    (p) => `${p.child} er allerede knyttet til ${p.number}. Fjern den derfra først.`,
    (p) => `${p.child} is already linked to ${p.number}. Unlink it there first.`,
  ),
  alreadyMajor: m<On>(
    (p) => `${p.number} er allerede en driftsforstyrrelse.`,
    (p) => `${p.number} is a major incident already.`,
  ),
  majorNotLinkable: m<On>(
    (p) => `${p.number} er selv en driftsforstyrrelse: knyt henvendelser til den, ikke den til en anden.`,
    (p) => `${p.number} is a major incident itself: link reports to it rather than it to another.`,
  ),
};

/** The intake offer ("we know") and its outcome. */
export const majorIntakeMessages = {
  offerTitle: m<void>(
    () => 'Vi kender til problemet',
    () => 'We know about this',
  ),
  offer: m<{ summary: string; since: string }>(
    (p) =>
      `Vi ved det: ${p.summary}, siden ${p.since}. Vi arbejder på det.\n\nEr det også dit problem, kan jeg skrive dig på listen over berørte, så du får besked, når der er nyt.`,
    (p) =>
      `We know: ${p.summary}, since ${p.since}. We are working on it.\n\nIf this is your problem too, I can add you to the affected, so you hear from us when there is news.`,
  ),
  join: m<void>(
    () => 'Skriv mig på som berørt',
    () => 'Add me to the affected',
  ),
  different: m<void>(
    () => 'Mit problem er et andet',
    () => 'My problem is different',
  ),
  joinedTitle: m<void>(
    () => 'Du er skrevet på',
    () => 'You are on the list',
  ),
  joined: m<Summary & { child: string }>(
    (p) =>
      `Tak. Din henvendelse ${p.child} er knyttet til driftsforstyrrelsen ${p.number}: ${p.summary}\n\nDu får besked her, når der er nyt, og når det er løst.`,
    (p) =>
      `Thank you. Your report ${p.child} is linked to the major incident ${p.number}: ${p.summary}\n\nYou will hear from us here when there is news, and when it is resolved.`,
  ),
};

/** Card labels of the major-incident buttons, forms and facts. */
export const majorLabels = {
  declare: { da: 'Erklær driftsforstyrrelse', en: 'Declare major incident' },
  link: { da: 'Knyt til driftsforstyrrelse', en: 'Link to major incident' },
  unlink: { da: 'Fjern fra driftsforstyrrelse', en: 'Unlink from major incident' },
  update: { da: 'Opdatér alle berørte', en: 'Update everyone affected' },
  summaryDa: { da: 'Kort beskrivelse (dansk)', en: 'Summary (Danish)' },
  summaryEn: { da: 'Kort beskrivelse (engelsk)', en: 'Summary (English)' },
  parentNumber: { da: 'Driftsforstyrrelsens nummer (fx INC-000123)', en: 'Major incident number (e.g. INC-000123)' },
  updateText: { da: 'Opdatering (sendes til alle berørte)', en: 'Update (sent to everyone affected)' },
  major: { da: 'Driftsforstyrrelse', en: 'Major incident' },
  linkedReports: { da: 'Tilknyttede henvendelser', en: 'Linked reports' },
  partOf: { da: 'Del af driftsforstyrrelse', en: 'Part of a major incident' },
} as const satisfies Record<string, Record<Locale, string>>;
