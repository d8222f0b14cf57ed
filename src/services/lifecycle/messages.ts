import type { Locale } from '../../models/case.js';
import { businessDays } from '../i18n.js';
import type { CaseVerb } from './permissions.js';

/**
 * Every text the lifecycle sends, in Danish and English. People are always named (PROCESS.md, principle 3);
 * user text (titles, notes, questions) is passed in as data and never interpreted.
 */
type Msg<P> = Record<Locale, (p: P) => string>;
const m = <P>(da: (p: P) => string, en: (p: P) => string): Msg<P> => ({ da, en });
/** The status a reopened case has: In progress with its assignee, else Registered in its group's pile. */
/**
 * `vendor`: an equipment order its vendor still has, back at Awaiting vendor (with whoever has it, or in the pile);
 * empty when the vendor's name is not known.
 */
const reopenedStatusDa = (p: { count: number; pile: boolean; vendor?: string }): string =>
  p.vendor !== undefined
    ? `afventer leverandør, genåbning nr. ${p.count}: ordren er stadig hos ${p.vendor || 'leverandøren'}${p.pile ? '; ingen har den, så den ligger i bunken, til nogen tager den' : ''}`
    : p.pile
      ? `registreret, genåbning nr. ${p.count}: ingen har den, så den ligger i bunken, til nogen tager den`
      : `i gang, genåbning nr. ${p.count}`;
const reopenedStatusEn = (p: { count: number; pile: boolean; vendor?: string }): string =>
  p.vendor !== undefined
    ? `awaiting vendor, reopen no. ${p.count}: the order is still with ${p.vendor || 'its vendor'}${p.pile ? '; nobody has it, so it is in the pile for someone to claim' : ''}`
    : p.pile
      ? `registered, reopen no. ${p.count}: nobody has it, so it is in the pile for someone to claim`
      : `in progress, reopen no. ${p.count}`;

interface Who {
  /** "Anna Jensen (ARTS Support)" */
  who: string;
}
interface On {
  number: string;
}
interface Titled extends On {
  title: string;
}
/** Which of the messages a text too long for one comes in (`messageParts`), when there is more than one. */
interface Part {
  part?: { n: number; of: number };
}
const partDa = (p: Part) => (p.part ? ` – del ${p.part.n} af ${p.part.of}` : '');
const partEn = (p: Part) => (p.part ? ` – part ${p.part.n} of ${p.part.of}` : '');
const longTextDa = (p: Part) =>
  p.part?.n === 1 ? `\n\nTeksten er lang, så den kommer i ${p.part.of} beskeder efter hinanden.` : '';
const longTextEn = (p: Part) =>
  p.part?.n === 1 ? `\n\nThe text is long, so it comes in ${p.part.of} messages, one after the other.` : '';

export const userMessages = {
  receipt: m<Titled & { group: string; by?: string }>(
    (p) =>
      `Din sag ${p.number} er registreret${p.by ? ` af ${p.by} på dine vegne` : ''}: "${p.title}". ${p.group} har sagen.\n\n` +
      `Hvad sker der nu: en navngiven medarbejder fra ${p.group} tager sagen og kontakter dig her i chatten, hvis der mangler noget. Du kan altid se status med "status ${p.number}" og tilføje noget med "tilføj ${p.number} …".`,
    (p) =>
      `Your case ${p.number} is registered${p.by ? ` by ${p.by} on your behalf` : ''}: "${p.title}". ${p.group} has it.\n\n` +
      `What happens next: a named person from ${p.group} takes the case and contacts you here in the chat if anything is missing. You can always check it with "status ${p.number}", and add to it with "add ${p.number} …".`,
  ),
  receiptSolved: m<Titled & { solution: string; by?: string }>(
    (p) =>
      `Din sag ${p.number} er registreret som løst${p.by ? ` af ${p.by}` : ''}: "${p.title}".\n\nLøsning: ${p.solution}\n\nKommer problemet igen, så skriv bare til mig.`,
    (p) =>
      `Your case ${p.number} is registered as solved${p.by ? ` by ${p.by}` : ''}: "${p.title}".\n\nSolution: ${p.solution}\n\nIf the problem comes back, just write to me.`,
  ),
  claimed: m<Titled & Who & { name: string }>(
    (p) =>
      `${p.who} arbejder nu på din sag ${p.number}: "${p.title}". ${p.name} kontakter dig her, hvis der mangler noget.`,
    (p) =>
      `${p.who} is now working on your case ${p.number}: "${p.title}". ${p.name} will contact you here if anything is needed.`,
  ),
  question: m<Titled & Who & { question: string }>(
    (p) =>
      `${p.who} har et spørgsmål til din sag ${p.number} ("${p.title}"):\n\n${p.question}\n\nSvar bare her i chatten; dit svar kommer direkte på sagen.`,
    (p) =>
      `${p.who} has a question about your case ${p.number} ("${p.title}"):\n\n${p.question}\n\nJust reply here in the chat; your answer goes straight to the case.`,
  ),
  /** `withdrawn`: the case waited for the user's answer to a question, which they need not give any more. */
  awaitingVendor: m<Titled & Who & { vendor: string; withdrawn?: { by: string; question: string } }>(
    (p) =>
      `Din sag ${p.number} ("${p.title}") afventer nu ${p.vendor}. ${p.who} følger op og giver dig besked, når der er nyt.` +
      (p.withdrawn
        ? `\n\nDu behøver ikke længere svare på spørgsmålet fra ${p.withdrawn.by} ("${p.withdrawn.question}"). Vil du tilføje noget til sagen, så skriv "tilføj ${p.number} …".`
        : ''),
    (p) =>
      `Your case ${p.number} ("${p.title}") is now waiting for ${p.vendor}. ${p.who} follows up and lets you know when there is news.` +
      (p.withdrawn
        ? `\n\nYou need not answer the question from ${p.withdrawn.by} any more ("${p.withdrawn.question}"). To add something to the case, write "add ${p.number} …".`
        : ''),
  ),
  /** `part`: a long note comes in several messages (`splitText`), each saying which of them it is. */
  publicNote: m<Titled & Who & { text: string; part?: { n: number; of: number } }>(
    (p) =>
      `${p.who} skriver om din sag ${p.number} ("${p.title}")${p.part ? ` – del ${p.part.n} af ${p.part.of}` : ''}:\n\n${p.text}` +
      (p.part?.n === 1 ? `\n\nNoten er lang, så den kommer i ${p.part.of} beskeder efter hinanden.` : ''),
    (p) =>
      `${p.who} writes about your case ${p.number} ("${p.title}")${p.part ? ` – part ${p.part.n} of ${p.part.of}` : ''}:\n\n${p.text}` +
      (p.part?.n === 1 ? `\n\nThe note is long, so it comes in ${p.part.of} messages, one after the other.` : ''),
  ),
  /**
   * `major`: the major incident the report is linked to, which it is worked through: the user hears from there, not
   * from whoever takes the report.
   */
  questionWithdrawn: m<Titled & Who & { question: string; group: string; major?: string }>(
    (p) =>
      `Du behøver ikke længere svare på spørgsmålet fra ${p.who} om din sag ${p.number}: "${p.title}" ("${p.question}"). ` +
      (p.major
        ? `Sagen er stadig knyttet til driftsforstyrrelsen ${p.major}, og du hører om den derfra.`
        : `Sagen ligger igen hos ${p.group}, og den, der tager den, kontakter dig, hvis de mangler noget.`),
    (p) =>
      `You need not answer the question from ${p.who} about your case ${p.number}: "${p.title}" any more ("${p.question}"). ` +
      (p.major
        ? `The case stays linked to the major incident ${p.major}, and you will hear about it from there.`
        : `The case is back with ${p.group}, and whoever takes it will contact you if they need anything.`),
  ),
  /**
   * A case put back in its group's pile (Unassign) with no question to withdraw (`questionWithdrawn` says it then):
   * the person the user was told is working on it no longer is, so the user learns the group has it again; or, for
   * a report linked to a major incident (`major`), that it stays linked and they hear about it from there.
   */
  backWithGroup: m<Titled & { group: string; major?: string }>(
    (p) =>
      p.major
        ? `Din sag ${p.number} ("${p.title}") er stadig knyttet til driftsforstyrrelsen ${p.major}, og du hører om den derfra.`
        : `Din sag ${p.number} ("${p.title}") ligger igen hos ${p.group}, og den, der tager den, kontakter dig, hvis de mangler noget.`,
    (p) =>
      p.major
        ? `Your case ${p.number} ("${p.title}") stays linked to the major incident ${p.major}, and you will hear about it from there.`
        : `Your case ${p.number} ("${p.title}") is back with ${p.group}, and whoever takes it will contact you if they need anything.`,
  ),
  /**
   * `questionWithdrawn` of a case its assignee set back to In progress (Status): they still have it. A chat message
   * is no answer any more (it would start a new report), so the user is shown how to add to the case.
   */
  questionWithdrawnWorking: m<Titled & Who & { question: string; by: string }>(
    (p) =>
      `Du behøver ikke længere svare på spørgsmålet fra ${p.by} om din sag ${p.number}: "${p.title}" ("${p.question}"). ${p.who} arbejder videre med sagen og kontakter dig her, hvis der mangler noget. Vil du tilføje noget til sagen, så skriv "tilføj ${p.number} …".`,
    (p) =>
      `You need not answer the question from ${p.by} about your case ${p.number}: "${p.title}" any more ("${p.question}"). ${p.who} works on the case and will contact you here if anything is needed. To add something to the case, write "add ${p.number} …".`,
  ),
  /**
   * `questionWithdrawn` of a case handed over outside AU IT (`handedOverOutside`): the other unit is still
   * responsible for solving it, so the case is not "back with" the group, which only follows it.
   */
  questionWithdrawnHandedOver: m<Titled & Who & { question: string; to: string; group: string }>(
    (p) =>
      `Du behøver ikke længere svare på spørgsmålet fra ${p.who} om din sag ${p.number}: "${p.title}" ("${p.question}"). ${p.to} uden for AU IT har stadig ansvaret for at løse den; ${p.group} følger sagen og holder dig orienteret.`,
    (p) =>
      `You need not answer the question from ${p.who} about your case ${p.number}: "${p.title}" any more ("${p.question}"). ${p.to} outside AU IT is still responsible for solving it; ${p.group} follows the case and keeps you informed.`,
  ),
  movedGroup: m<Titled & Who & { group: string; owner: string; withdrawn?: { by: string; question: string } }>(
    (p) =>
      `${p.who} har givet din sag ${p.number} ("${p.title}") videre til ${p.group}, som arbejder videre med den. ${p.owner} ejer stadig din sag og holder dig orienteret.` +
      (p.withdrawn
        ? `\n\nDu behøver ikke længere svare på spørgsmålet fra ${p.withdrawn.by} ("${p.withdrawn.question}"): ${p.group} spørger dig selv, hvis de mangler noget.`
        : ''),
    (p) =>
      `${p.who} has passed your case ${p.number} ("${p.title}") to ${p.group}, who will work on it from here. ${p.owner} still owns your case and keeps you informed.` +
      (p.withdrawn
        ? `\n\nYou need not answer the question from ${p.withdrawn.by} any more ("${p.withdrawn.question}"): ${p.group} will ask you what they need.`
        : ''),
  ),
  movedExternal: m<Titled & Who & { to: string; owner: string }>(
    (p) =>
      `${p.who} har givet din sag ${p.number} ("${p.title}") videre til ${p.to} uden for AU IT, som nu har ansvaret for at løse den. ${p.owner} følger stadig sagen.`,
    (p) =>
      `${p.who} has handed your case ${p.number} ("${p.title}") over to ${p.to} outside AU IT, who are now responsible for solving it. ${p.owner} still follows the case.`,
  ),
  takenBack: m<Titled & Who & { from: string; group: string }>(
    (p) =>
      `${p.who} har taget din sag ${p.number} ("${p.title}") tilbage fra ${p.from}: ${p.group} i AU IT har igen ansvaret for at løse den.`,
    (p) =>
      `${p.who} has taken your case ${p.number} ("${p.title}") back from ${p.from}: ${p.group} at AU IT is responsible for solving it again.`,
  ),
  /**
   * `part`: one of the messages a solution too long for one comes in (`messageParts`): the first says how many, the
   * last asks whether the problem is solved (it carries the buttons, read after the whole solution).
   */
  resolved: m<Titled & Who & { solution: string } & Part>(
    (p) =>
      `${p.who} har løst din sag ${p.number} ("${p.title}")${partDa(p)}:\n\n${p.solution}` +
      (p.part?.n === 1
        ? `\n\nLøsningen er lang, så den kommer i ${p.part.of} beskeder efter hinanden. Den sidste spørger, om problemet er løst.`
        : '') +
      (!p.part || p.part.n === p.part.of ? '\n\nEr problemet løst?' : ''),
    (p) =>
      `${p.who} has solved your case ${p.number} ("${p.title}")${partEn(p)}:\n\n${p.solution}` +
      (p.part?.n === 1
        ? `\n\nThe solution is long, so it comes in ${p.part.of} messages, one after the other. The last one asks whether the problem is solved.`
        : '') +
      (!p.part || p.part.n === p.part.of ? '\n\nIs the problem solved?' : ''),
  ),
  closed: m<Titled & Who>(
    (p) =>
      `${p.who} har lukket din sag ${p.number} ("${p.title}"). Hvordan klarede vi det? Giv os gerne 1-5 og en kommentar.`,
    (p) =>
      `${p.who} has closed your case ${p.number} ("${p.title}"). How did we do? Please rate us 1-5 and add a comment if you like.`,
  ),
  /** `closed` to a staff member standing in for a student nobody named (`standsInForUser`): no rating asked. */
  closedInStudentsPlace: m<Titled & Who>(
    (p) => `${p.who} har lukket sag ${p.number} ("${p.title}"), som du er kontakt for i den studerendes sted.`,
    (p) => `${p.who} has closed case ${p.number} ("${p.title}"), which you are the contact for in the student's place.`,
  ),
  /** The auto-close notice (the SLA sweeper) to a staff member standing in for a student: no rating asked. */
  autoClosedInStudentsPlace: m<Titled & Who & { days: number }>(
    (p) =>
      `Sag ${p.number} ("${p.title}") er nu lukket. ${p.who} løste den, og der er ikke kommet svar i ${businessDays.da(p.days)}. Du er kontakt for sagen i den studerendes sted.`,
    (p) =>
      `Case ${p.number} ("${p.title}") is now closed. ${p.who} solved it, and no answer came for ${businessDays.en(p.days)}. You are its contact in the student's place.`,
  ),
  commentAdded: m<On & { name: string }>(
    (p) => `Tak! Det er tilføjet sag ${p.number}, og ${p.name} har fået besked.`,
    (p) => `Thank you! It is added to case ${p.number}, and ${p.name} has been told.`,
  ),
  replyAdded: m<On & { name: string }>(
    (p) => `Tak! Dit svar er tilføjet sag ${p.number}, og ${p.name} har fået besked.`,
    (p) => `Thank you! Your answer is added to case ${p.number}, and ${p.name} has been told.`,
  ),
  /**
   * An answer or addition (`add`) that met another write of the case each time it was tried: nothing was saved.
   * What the user wrote is quoted back (`typed`) to send again; one too long to quote stays in their message above
   * (`typed` left out); nothing typed (`typed` empty: files alone) asks for the files only.
   * `files`: the names of the files sent with it, to send again too. `down`: the store did not answer (an outage),
   * rather than the case being changed by others at each try.
   */
  notAddedNow: m<On & { answer: boolean; typed?: string; files?: string; down?: boolean }>(
    (p) =>
      `${p.answer ? 'Dit svar kunne ikke lægges på' : 'Det kunne ikke tilføjes til'} sag ${p.number} lige nu: ${p.down ? 'vores sagssystem svarer ikke' : 'sagen blev ændret af andre i samme øjeblik'}, så intet blev gemt. ` +
      // Files alone (a screenshot as the answer): nothing typed to speak of, only the files to send again.
      (p.typed === '' && p.files
        ? `📎 Send gerne filerne igen om et øjeblik: ${p.files}.`
        : `Intet af det, du skrev, er gået tabt: send det gerne igen om et øjeblik${p.answer ? '' : ` med "tilføj ${p.number} …"`}` +
          (p.typed === undefined ? ' (det står i din besked ovenfor).' : `. Her er det, du skrev:\n\n${p.typed}`) +
          (p.files ? `\n\n📎 Send også filerne igen: ${p.files}.` : '')),
    (p) =>
      `${p.answer ? 'Your answer could not be added to' : 'This could not be added to'} case ${p.number} right now: ${p.down ? 'our case system is not answering' : 'the case was being changed by others at the same moment'}, so nothing was saved. ` +
      (p.typed === '' && p.files
        ? `📎 Please send the files again in a moment: ${p.files}.`
        : `Nothing you wrote is lost: please send it again in a moment${p.answer ? '' : ` with "add ${p.number} …"`}` +
          (p.typed === undefined ? ' (it is in your message above).' : `. Here is what you wrote:\n\n${p.typed}`) +
          (p.files ? `\n\n📎 Please send the files again too: ${p.files}.` : '')),
  ),
  /**
   * `notAddedNow` when the store answered neither the write nor the read after it: the text may be on the case.
   * Quoted back (`typed`, `files` as there) to send again only when `status <number>` does not show it.
   */
  perhapsAdded: m<On & { answer: boolean; typed?: string; files?: string }>(
    (p) =>
      `Vi kan ikke se, om ${p.answer ? 'dit svar' : 'det'} kom på sag ${p.number}: vores sagssystem holdt op med at svare, mens det blev gemt. ` +
      `Se efter om et øjeblik med "status ${p.number}", og send det kun igen${p.answer ? '' : ` med "tilføj ${p.number} …"`}, hvis det ikke står der` +
      (p.typed
        ? `. Her er det, du skrev:\n\n${p.typed}`
        : p.typed === undefined
          ? ' (det står i din besked ovenfor).'
          : '.') +
      (p.files ? `\n\n📎 Og filerne, hvis sagen ikke viser dem: ${p.files}.` : ''),
    (p) =>
      `We cannot tell whether ${p.answer ? 'your answer' : 'this'} was added to case ${p.number}: our case system stopped answering while it was being saved. ` +
      `Please look in a moment with "status ${p.number}", and send it again${p.answer ? '' : ` with "add ${p.number} …"`} only if it is not there` +
      (p.typed
        ? `. Here is what you wrote:\n\n${p.typed}`
        : p.typed === undefined
          ? ' (it is in your message above).'
          : '.') +
      (p.files ? `\n\n📎 And the files, if the case does not list them: ${p.files}.` : ''),
  ),
  /**
   * An answer or addition whose write landed although the store then stopped answering, before the messages telling
   * staff of it were written (`name`: who would have been told). Not to be sent again: it would be on the case twice.
   * `unsure`: the store did not answer the look for those messages either, so they may have been written: whether
   * `name` is told is not known, and not said either way.
   */
  savedNotTold: m<On & { answer: boolean; name: string; unsure?: boolean }>(
    (p) =>
      `${p.answer ? 'Dit svar er gemt på' : 'Det er gemt på'} sag ${p.number}, men vores sagssystem holdt op med at svare, ${p.unsure ? `så vi kan ikke se, om ${p.name} har fået besked` : `før ${p.name} kunne få besked`}. ` +
      'Send det ikke igen (så står det der to gange): det står på sagen, hvor support ser det.',
    (p) =>
      `${p.answer ? 'Your answer is saved on' : 'This is saved on'} case ${p.number}, but our case system stopped answering${p.unsure ? `, so we cannot tell whether ${p.name} has been told` : ` before ${p.name} could be told`}. ` +
      'Please do not send it again (it would be on the case twice): it is on the case, where support sees it.',
  ),
  confirmed: m<On>(
    (p) => `Tak for svaret! Sag ${p.number} lukkes, når support har tjekket løsningen.`,
    (p) => `Thank you! Case ${p.number} will be closed once support has checked the solution.`,
  ),
  /** `confirmed` for a case nobody checks before it is closed (`checkedBeforeClose`): the next sweep closes it. */
  confirmedClosesNow: m<On>(
    (p) => `Tak for svaret! Sag ${p.number} lukkes om lidt.`,
    (p) => `Thank you! Case ${p.number} will be closed shortly.`,
  ),
  reopened: m<On & { name: string }>(
    (p) => `Sag ${p.number} er genåbnet, og ${p.name} har fået besked. Vi vender tilbage.`,
    (p) => `Case ${p.number} is reopened, and ${p.name} has been told. We will get back to you.`,
  ),
  evaluated: m<On & { score: number }>(
    (p) => `Tak for din evaluering (${p.score}/5) af sag ${p.number}!`,
    (p) => `Thank you for rating case ${p.number} (${p.score}/5)!`,
  ),
};

export const staffMessages = {
  assignedToYou: m<Titled & { by: string }>(
    (p) => `${p.by} har tildelt dig sag ${p.number}: "${p.title}".`,
    (p) => `${p.by} assigned case ${p.number} to you: "${p.title}".`,
  ),
  /** To the assignee someone else moved the case from: to a colleague (`to`), or taken over by `who` themselves. */
  reassignedAway: m<Titled & Who & { to?: string }>(
    (p) =>
      p.to
        ? `${p.who} har tildelt sag ${p.number} ("${p.title}") til ${p.to}: du har den ikke længere.`
        : `${p.who} har overtaget sag ${p.number} ("${p.title}") fra dig.`,
    (p) =>
      p.to
        ? `${p.who} assigned case ${p.number} ("${p.title}") to ${p.to}: you no longer have it.`
        : `${p.who} took over case ${p.number} ("${p.title}") from you.`,
  ),
  /**
   * To whoever had the case (`had`) and its named case owner (`owns`) when someone else passes it to another group:
   * the assignee has it no longer; the case owner still owns it, as the user was just told. `ownReport`: the case is
   * their own report, and this is instead of the user's message (no user was told anything).
   */
  escalatedAway: m<Titled & Who & { group: string; had: boolean; owns: boolean; ownReport?: boolean }>(
    (p) =>
      `${p.who} har givet sag ${p.number} ("${p.title}")${p.had ? ', som du havde,' : ''} videre til ${p.group}.` +
      (p.owns
        ? p.ownReport
          ? ' Du ejer den stadig.'
          : ' Du ejer den stadig: brugeren har fået at vide, at du holder dem orienteret.'
        : ' Du har den ikke længere.'),
    (p) =>
      `${p.who} passed case ${p.number} ("${p.title}")${p.had ? ', which you had,' : ''} to ${p.group}.` +
      (p.owns
        ? p.ownReport
          ? ' You still own it.'
          : ' You still own it: the user was told you keep them informed.'
        : ' You no longer have it.'),
  ),
  unassignedYou: m<Titled & Who & { group: string }>(
    (p) =>
      `${p.who} har fjernet dig fra sag ${p.number} ("${p.title}"): den ligger igen hos ${p.group}, så en anden kan tage den.`,
    (p) =>
      `${p.who} unassigned you from case ${p.number} ("${p.title}"): it is back with ${p.group} for someone to claim.`,
  ),
  returned: m<Titled & Who & { reason: string }>(
    (p) => `${p.who} har sendt sag ${p.number} ("${p.title}") tilbage til dig: ${p.reason}`,
    (p) => `${p.who} returned case ${p.number} ("${p.title}") to you: ${p.reason}`,
  ),
  noSolution: m<void>(
    () => 'løsningen er ikke dokumenteret. Skriv løsningen på sagen, og løs den igen.',
    () => 'the solution is not documented. Please write the solution on the case and resolve it again.',
  ),
  /**
   * "No, still a problem", to the assignee and the case owner. `pile`: nobody had the case, so it went back to the
   * group's pile as Registered (`backToWork`), not In progress; `vendor`: an equipment order its vendor still has,
   * back at Awaiting vendor (named with its reference).
   */
  reopenedToStaff: m<Titled & { user: string; count: number; pile: boolean; vendor?: string; comment?: string }>(
    (p) =>
      `${p.user} siger, at sag ${p.number} ("${p.title}") stadig er et problem. Sagen er genåbnet (${reopenedStatusDa(p)}).${p.comment ? `\n\nKommentar: ${p.comment}` : ''}`,
    (p) =>
      `${p.user} says case ${p.number} ("${p.title}") is still a problem. The case is reopened (${reopenedStatusEn(p)}).${p.comment ? `\n\nComment: ${p.comment}` : ''}`,
  ),
  /** `reopenedToStaff` for the owner group's channel; `name`: whoever has the case, if anyone. */
  reopenedToOwnerGroup: m<
    Titled & {
      user: string;
      count: number;
      pile: boolean;
      vendor?: string;
      group: string;
      name?: string;
      comment?: string;
    }
  >(
    (p) =>
      `${p.user} siger, at sag ${p.number} ("${p.title}") stadig er et problem. Sagen er genåbnet (${reopenedStatusDa(p)}) og ligger igen hos ${p.group}${p.name ? ` (${p.name})` : ''}.${p.comment ? `\n\nKommentar: ${p.comment}` : ''}`,
    (p) =>
      `${p.user} says case ${p.number} ("${p.title}") is still a problem. The case is reopened (${reopenedStatusEn(p)}) and is with ${p.group}${p.name ? ` (${p.name})` : ''} again.${p.comment ? `\n\nComment: ${p.comment}` : ''}`,
  ),
  /**
   * A user's addition (or answer, `replied`) to a case passed to another group, to its named case owner: the thread
   * the owner follows stayed with the owner group's "Moved to …" card, and the user was told the owner keeps them
   * informed. `part`: one of the messages a text too long for one comes in, the first saying how many.
   */
  userAddedToOwner: m<Titled & { user: string; group: string; text: string; replied: boolean } & Part>(
    (p) =>
      `${p.user} har ${p.replied ? 'svaret på spørgsmålet i' : 'tilføjet til'} sag ${p.number} ("${p.title}"), som du ejer, og som ${p.group} har nu${partDa(p)}:\n\n${p.text}${longTextDa(p)}`,
    (p) =>
      `${p.user} ${p.replied ? 'answered the question on' : 'added to'} case ${p.number} ("${p.title}"), which you own and ${p.group} has now${partEn(p)}:\n\n${p.text}${longTextEn(p)}`,
  ),
  backWithOwner: m<Titled & Who>(
    (p) =>
      `Sag ${p.number} ("${p.title}") er løst af ${p.who} og er tilbage hos dig: tjek løsningen, og luk den eller send den tilbage til teknikeren.`,
    (p) =>
      `Case ${p.number} ("${p.title}") is resolved by ${p.who} and back with you: check the solution, then close it or return it to the technician.`,
  ),
  supervisorPing: m<Titled & Who & { name: string; reason: string; detail: string }>(
    (p) => `${p.name}: ${p.who} eskalerer sag ${p.number} ("${p.title}") til dig. Årsag: ${p.reason}.\n\n${p.detail}`,
    (p) => `${p.name}: ${p.who} escalates case ${p.number} ("${p.title}") to you. Reason: ${p.reason}.\n\n${p.detail}`,
  ),
  urgentPing: m<Titled & { name: string; priority: string; group: string; user: string }>(
    (p) =>
      `${p.name}: sag ${p.number} ("${p.title}") fra ${p.user} haster (${p.priority}) og er netop registreret hos ${p.group}. Sørg for, at nogen tager den nu.`,
    (p) =>
      `${p.name}: case ${p.number} ("${p.title}") from ${p.user} is urgent (${p.priority}) and has just been registered with ${p.group}. Please see that someone takes it now.`,
  ),
  /** `urgentPing` for a case raised to an urgent priority after registration (Classify). */
  urgentRaise: m<Titled & { name: string; priority: string; group: string; user: string; who: string }>(
    (p) =>
      `${p.name}: sag ${p.number} ("${p.title}") fra ${p.user} hos ${p.group} er hævet til ${p.priority} af ${p.who} og haster. Sørg for, at nogen tager den nu.`,
    (p) =>
      `${p.name}: case ${p.number} ("${p.title}") from ${p.user} at ${p.group} was raised to ${p.priority} by ${p.who} and is urgent. Please see that someone takes it now.`,
  ),
  /** `urgentPing` for an urgent case escalated to the supervisor's group (functional escalation). */
  urgentEscalated: m<
    Titled & { name: string; priority: string; group: string; user: string; who: string; from: string }
  >(
    (p) =>
      `${p.name}: sag ${p.number} ("${p.title}") fra ${p.user} haster (${p.priority}) og er netop eskaleret fra ${p.from} til ${p.group} af ${p.who}. Sørg for, at nogen tager den nu.`,
    (p) =>
      `${p.name}: case ${p.number} ("${p.title}") from ${p.user} is urgent (${p.priority}) and was just escalated from ${p.from} to ${p.group} by ${p.who}. Please see that someone takes it now.`,
  ),
  /**
   * `urgentPing` for an urgent case back at work with nobody on it, in its group's pile: its user said it is still a
   * problem (`reopened`), or 1st level sent it back to work (`returned`).
   */
  urgentBackInPile: m<
    Titled & { name: string; priority: string; group: string; user: string; who: string; returned: boolean }
  >(
    (p) =>
      `${p.name}: sag ${p.number} ("${p.title}") fra ${p.user} haster (${p.priority}) og er ${p.returned ? 'sendt tilbage til arbejde' : 'genåbnet'} af ${p.who}; den ligger i bunken hos ${p.group} uden nogen på. Sørg for, at nogen tager den nu.`,
    (p) =>
      `${p.name}: case ${p.number} ("${p.title}") from ${p.user} is urgent (${p.priority}) and was ${p.returned ? 'sent back to work' : 'reopened'} by ${p.who}; it is in the pile at ${p.group} with nobody on it. Please see that someone takes it now.`,
  ),
  lowRating: m<Titled & { name: string; user: string; score: number; comment?: string }>(
    (p) =>
      `${p.name}: ${p.user} har givet sag ${p.number} ("${p.title}") ${p.score}/5. Det kan være en klage, som bør følges op.${p.comment ? `\n\nKommentar: ${p.comment}` : ''}`,
    (p) =>
      `${p.name}: ${p.user} rated case ${p.number} ("${p.title}") ${p.score}/5. It may be a complaint to follow up.${p.comment ? `\n\nComment: ${p.comment}` : ''}`,
  ),
  /** `lowRating` to the supervisor's manager: the supervisor the complaint would go to worked the case herself. */
  lowRatingAboveSupervisor: m<
    Titled & { name: string; user: string; score: number; comment?: string; supervisor: string; group: string }
  >(
    (p) =>
      `${p.name}: ${p.user} har givet sag ${p.number} ("${p.title}") ${p.score}/5. Det kan være en klage, som bør følges op. ${p.supervisor}, leder for ${p.group}, behandlede selv sagen, så den går videre til dig som overordnet leder.${p.comment ? `\n\nKommentar: ${p.comment}` : ''}`,
    (p) =>
      `${p.name}: ${p.user} rated case ${p.number} ("${p.title}") ${p.score}/5. It may be a complaint to follow up. ${p.supervisor}, the supervisor of ${p.group}, worked the case personally, so it comes to you as the manager above.${p.comment ? `\n\nComment: ${p.comment}` : ''}`,
  ),
  closedReturned: m<On & { name: string }>(
    (p) => `Sag ${p.number} er ikke lukket: løsningen er ikke dokumenteret. Den er sendt tilbage til ${p.name}.`,
    (p) => `Case ${p.number} was not closed: the solution is not documented. It went back to ${p.name}.`,
  ),
  articleSaved: m<On & { title: string }>(
    (p) => `Løsningen fra ${p.number} er gemt som kendt løsning: "${p.title}".`,
    (p) => `The solution of ${p.number} is saved as a known solution: "${p.title}".`,
  ),
  formFor: m<On>(
    (p) => `Udfyld formularen for sag ${p.number}.`,
    (p) => `Fill in the form for case ${p.number}.`,
  ),
};

/** Replies in the case's channel thread (the group's language). */
export const threadMessages = {
  claimed: m<Who>(
    (p) => `${p.who} har taget sagen.`,
    (p) => `${p.who} claimed the case.`,
  ),
  assigned: m<Who & { to: string }>(
    (p) => `${p.who} har tildelt sagen til ${p.to}.`,
    (p) => `${p.who} assigned the case to ${p.to}.`,
  ),
  unassigned: m<Who>(
    (p) => `${p.who} har fjernet tildelingen.`,
    (p) => `${p.who} unassigned the case.`,
  ),
  status: m<Who & { status: string; detail?: string }>(
    (p) => `${p.who} har sat status til ${p.status}.${p.detail ? `\n\n${p.detail}` : ''}`,
    (p) => `${p.who} set the status to ${p.status}.${p.detail ? `\n\n${p.detail}` : ''}`,
  ),
  /** `part`: one of the messages a note too long for one comes in (`messageParts`), the first saying how many. */
  note: m<Who & { text: string; internal: boolean } & Part>(
    (p) =>
      `${p.who} (${p.internal ? 'intern note' : 'sendt til brugeren'})${partDa(p)}:\n\n${p.text}` +
      (p.part?.n === 1 ? `\n\nNoten er lang, så den kommer i ${p.part.of} beskeder efter hinanden.` : ''),
    (p) =>
      `${p.who} (${p.internal ? 'internal note' : 'sent to the user'})${partEn(p)}:\n\n${p.text}` +
      (p.part?.n === 1 ? `\n\nThe note is long, so it comes in ${p.part.of} messages, one after the other.` : ''),
  ),
  /** `part`: as for `note`. */
  userAdded: m<{ user: string; text: string } & Part>(
    (p) => `${p.user} har tilføjet til sagen${partDa(p)}:\n\n${p.text}${longTextDa(p)}`,
    (p) => `${p.user} added to the case${partEn(p)}:\n\n${p.text}${longTextEn(p)}`,
  ),
  /** `part`: as for `note`. */
  userReplied: m<{ user: string; text: string } & Part>(
    (p) => `${p.user} har svaret (sagen er i gang igen)${partDa(p)}:\n\n${p.text}${longTextDa(p)}`,
    (p) => `${p.user} replied (the case is in progress again)${partEn(p)}:\n\n${p.text}${longTextEn(p)}`,
  ),
  escalatedHere: m<Who & { from: string; reason: string; was?: string }>(
    (p) => `${p.who} har eskaleret sagen fra ${p.from} hertil. Begrundelse: ${p.reason}${p.was ? `\n${p.was}` : ''}`,
    (p) => `${p.who} escalated the case from ${p.from} to this group. Reason: ${p.reason}${p.was ? `\n${p.was}` : ''}`,
  ),
  /** What a case escalated while it waited was waiting for; it arrives Registered (`escalatedHere`'s `was`). */
  wasAwaitingUser: m<{ question: string }>(
    (p) => `Afventede bruger (spørgsmålet "${p.question}" er trukket tilbage). Sagen starter her som Registreret.`,
    (p) => `Was awaiting the user (the question "${p.question}" is withdrawn). It starts here as Registered.`,
  ),
  wasAwaitingVendor: m<{ vendor: string }>(
    (p) => `Afventede leverandør: ${p.vendor}. Sagen starter her som Registreret.`,
    (p) => `Was awaiting vendor: ${p.vendor}. It starts here as Registered.`,
  ),
  takenBack: m<Who & { from: string; reason: string }>(
    (p) => `${p.who} har taget sagen tilbage fra ${p.from}. Begrundelse: ${p.reason}`,
    (p) => `${p.who} took the case back from ${p.from}. Reason: ${p.reason}`,
  ),
  handedOver: m<Who & { to: string; reason: string }>(
    (p) => `${p.who} har givet sagen videre til ${p.to} (uden for AU IT). Begrundelse: ${p.reason}`,
    (p) => `${p.who} handed the case over to ${p.to} (outside AU IT). Reason: ${p.reason}`,
  ),
  escalatedManager: m<Who & { name: string; reason: string; detail: string }>(
    (p) => `${p.name}: ${p.who} har eskaleret sagen til dig. Årsag: ${p.reason}. ${p.detail}`,
    (p) => `${p.name}: ${p.who} escalated the case to you. Reason: ${p.reason}. ${p.detail}`,
  ),
  acknowledged: m<Who>(
    (p) => `${p.who} har kvitteret for eskaleringen.`,
    (p) => `${p.who} acknowledged the escalation.`,
  ),
  /** `part`: one of the messages a solution too long for one comes in (`messageParts`), the first saying how many. */
  resolved: m<Who & { solution: string } & Part>(
    (p) =>
      `${p.who} har løst sagen${partDa(p)}:\n\n${p.solution}` +
      (p.part?.n === 1 ? `\n\nLøsningen er lang, så den kommer i ${p.part.of} beskeder efter hinanden.` : ''),
    (p) =>
      `${p.who} resolved the case${partEn(p)}:\n\n${p.solution}` +
      (p.part?.n === 1 ? `\n\nThe solution is long, so it comes in ${p.part.of} messages, one after the other.` : ''),
  ),
  closed: m<Who>(
    (p) => `${p.who} har lukket sagen.`,
    (p) => `${p.who} closed the case.`,
  ),
  returned: m<Who & { to: string; reason: string }>(
    (p) => `${p.who} har sendt sagen tilbage til ${p.to}: ${p.reason}`,
    (p) => `${p.who} returned the case to ${p.to}: ${p.reason}`,
  ),
  confirmed: m<{ user: string }>(
    (p) => `${p.user} bekræfter, at problemet er løst. Klar til lukning.`,
    (p) => `${p.user} confirms the problem is solved. Ready to close.`,
  ),
  /** `confirmed` for a case nobody checks before it is closed (`checkedBeforeClose`): the next sweep closes it. */
  confirmedClosesNow: m<{ user: string }>(
    (p) => `${p.user} bekræfter, at problemet er løst. Sagen lukkes automatisk; den skal ikke tjekkes.`,
    (p) => `${p.user} confirms the problem is solved. The case is closed automatically; it needs no check.`,
  ),
  reopened: m<{ user: string; comment?: string }>(
    (p) => `${p.user} siger, at det stadig er et problem; sagen er genåbnet.${p.comment ? `\n\n${p.comment}` : ''}`,
    (p) => `${p.user} says it is still a problem; the case is reopened.${p.comment ? `\n\n${p.comment}` : ''}`,
  ),
  evaluated: m<{ user: string; score: number; comment?: string }>(
    (p) => `${p.user} har evalueret sagen: ${p.score}/5.${p.comment ? `\n\n${p.comment}` : ''}`,
    (p) => `${p.user} rated the case ${p.score}/5.${p.comment ? `\n\n${p.comment}` : ''}`,
  ),
  articleSaved: m<Who>(
    (p) => `${p.who} har gemt løsningen som kendt løsning.`,
    (p) => `${p.who} saved the solution as a known solution.`,
  ),
};

const VERB_PHRASE: Record<Locale, Record<Exclude<CaseVerb, 'open_form'>, string>> = {
  da: {
    claim: 'tage sagen',
    assign: 'tildele sagen',
    unassign: 'fjerne tildelingen',
    set_status: 'ændre status',
    classify: 'klassificere sagen',
    note: 'skrive noter på sagen',
    escalate_group: 'eskalere sagen til en anden gruppe',
    escalate_manager: 'eskalere sagen til lederen',
    acknowledge_escalation: 'kvittere for eskaleringen',
    resolve: 'løse sagen',
    close: 'lukke sagen',
    return_to_technician: 'sende sagen tilbage til teknikeren',
    save_article: 'gemme løsningen som kendt løsning',
    confirm_solved: 'bekræfte løsningen',
    still_a_problem: 'genåbne sagen',
    evaluate: 'evaluere sagen',
    refresh: 'se sagen',
    similar: 'finde lignende sager',
    declare_major: 'erklære en driftsforstyrrelse',
    link_major: 'knytte sagen til en driftsforstyrrelse',
    unlink_major: 'fjerne sagen fra driftsforstyrrelsen',
    major_update: 'sende en opdatering til alle berørte',
  },
  en: {
    claim: 'claim the case',
    assign: 'assign the case',
    unassign: 'unassign the case',
    set_status: 'change the status',
    classify: 'classify the case',
    note: 'add notes to the case',
    escalate_group: 'escalate the case to another group',
    escalate_manager: 'escalate the case to the manager',
    acknowledge_escalation: 'acknowledge the escalation',
    resolve: 'resolve the case',
    close: 'close the case',
    return_to_technician: 'return the case to the technician',
    save_article: 'save the solution as a known solution',
    confirm_solved: 'confirm the solution',
    still_a_problem: 'reopen the case',
    evaluate: 'rate the case',
    refresh: 'see the case',
    similar: 'find similar cases',
    declare_major: 'declare a major incident',
    link_major: 'link the case to a major incident',
    unlink_major: 'unlink the case from the major incident',
    major_update: 'send an update to everyone affected',
  },
};

export const verbPhrase = (verb: Exclude<CaseVerb, 'open_form'>, locale: Locale): string => VERB_PHRASE[locale][verb];

/** Refusals: what went wrong and what to do instead. */
export const refusals = {
  forbidden: m<On & { who: string; what: string }>(
    (p) => `Kun ${p.who} kan ${p.what} (${p.number}). Der er ikke ændret noget.`,
    (p) => `Only ${p.who} can ${p.what} (${p.number}). Nothing was changed.`,
  ),
  conflict: m<On & { name: string }>(
    (p) =>
      `${p.number} er ændret i mellemtiden af ${p.name}. Her er den aktuelle sag; prøv igen, hvis det stadig er relevant.`,
    (p) => `${p.number} was changed meanwhile by ${p.name}. Here is the current case; try again if it still applies.`,
  ),
  /**
   * `conflict` to the one who made the latest change herself (a double click, the same card in the other app): she
   * is not named as somebody else.
   */
  conflictOwn: m<On>(
    (p) =>
      `${p.number} er ændret, siden kortet blev vist, og seneste ændring er din egen (måske et tidligere klik). Her er den aktuelle sag; prøv igen, hvis det stadig er relevant.`,
    (p) =>
      `${p.number} has changed since this card was shown, and the latest change is your own (an earlier click, perhaps). Here is the current case; try again if it still applies.`,
  ),
  /**
   * A version-free click (a user's answer, a rating, an acknowledgement) that met other writes to the case each time
   * it was applied (`CaseService.act`): nothing was changed, nobody is named.
   */
  answerRaced: m<On>(
    (p) =>
      `${p.number} blev opdateret i samme øjeblik, som du klikkede, så dit klik gik ikke igennem. Der er ikke ændret noget; klik gerne igen.`,
    (p) =>
      `${p.number} was being updated at the same moment as your click, so it did not go through. Nothing was changed; please click again.`,
  ),
  alreadyClaimed: m<On & { name: string }>(
    (p) => `${p.name} har allerede taget sag ${p.number}. Skal du overtage den, så vælg dig selv under Tildel.`,
    (p) => `${p.name} already has case ${p.number}. To take it over, choose yourself under Assign.`,
  ),
  /** `alreadyClaimed` to the one who has it (a second click on a stale card, the same card on another platform). */
  alreadyYours: m<On>(
    (p) => `Du har allerede sag ${p.number}.`,
    (p) => `You already have case ${p.number}.`,
  ),
  notAvailable: m<On & { what: string; status: string }>(
    (p) => `Man kan ikke ${p.what}, mens ${p.number} har status ${p.status}.`,
    (p) => `You cannot ${p.what} while ${p.number} is ${p.status}.`,
  ),
  closedNoComment: m<On>(
    (p) => `Sag ${p.number} er lukket, så der kan ikke tilføjes mere. Skriv til mig, hvis du har et nyt problem.`,
    (p) => `Case ${p.number} is closed, so nothing more can be added. Write to me if you have a new problem.`,
  ),
  /**
   * `add` to a closed case its user may still reopen (`REOPEN_WINDOW_DAYS` after its resolution; `until`, the end of
   * that window, when the case has a resolution time): how to reopen it instead. `parts`: the solution came in
   * several messages, the buttons on the last.
   */
  closedReopenable: m<On & { until?: string; parts?: boolean }>(
    (p) =>
      `Sag ${p.number} er lukket, så der kan ikke tilføjes mere. Er problemet der stadig, kan du genåbne den${p.until ? ` indtil ${p.until}` : ''}: tryk "Nej, stadig et problem" på ${p.parts ? 'den sidste af beskederne' : 'beskeden'} om løsningen (eller skriv "status ${p.number}" og tryk på knappen på sagen), og skriv hvad der mangler. Har du et nyt problem, så skriv til mig.`,
    (p) =>
      `Case ${p.number} is closed, so nothing more can be added. If the problem is still there, you can reopen it${p.until ? ` until ${p.until}` : ''}: press "No, still a problem" on ${p.parts ? 'the last of the messages' : 'the message'} about the solution (or write "status ${p.number}" and press it on the case) and say what is missing. Write to me if you have a new problem.`,
  ),
  /** `add` to an order that was not approved (resolved or closed): there is nothing to reopen. */
  orderNotApprovedNoComment: m<On>(
    (p) =>
      `Bestilling ${p.number} blev ikke godkendt, så der kan ikke tilføjes mere. Afgiv en ny bestilling, hvis du stadig har brug for udstyret.`,
    (p) =>
      `Order ${p.number} was not approved, so nothing more can be added. Please place a new order if you still need the equipment.`,
  ),
  /** `parts`: as for `closedReopenable`. */
  resolvedNoComment: m<On & { parts?: boolean }>(
    (p) =>
      `Sag ${p.number} er løst. Er problemet der stadig, så tryk "Nej, stadig et problem" på ${p.parts ? 'den sidste af beskederne' : 'beskeden'} om løsningen, og skriv hvad der mangler.`,
    (p) =>
      `Case ${p.number} is solved. If the problem is still there, press "No, still a problem" on ${p.parts ? 'the last of the messages' : 'the message'} about the solution and say what is missing.`,
  ),
  notFound: m<{ ref: string }>(
    (p) => `Jeg kan ikke finde sagen ${p.ref} blandt dine sager. Tjek nummeret (fx INC-000123).`,
    (p) => `I cannot find case ${p.ref} among your cases. Please check the number (e.g. INC-000123).`,
  ),
  /** `notFound` for staff, who may look any case up: no case has that number (not "among your cases"). */
  noSuchCase: m<{ ref: string }>(
    (p) => `Jeg kan ikke finde sagen ${p.ref}. Tjek nummeret (fx INC-000123).`,
    (p) => `I cannot find case ${p.ref}. Please check the number (e.g. INC-000123).`,
  ),
  /**
   * Staff's `add <number> <text>` on a case that is neither their report nor on their behalf: `add` is the user's
   * addition (told to staff as the user's), so nothing is added; staff write on any case from its card. Only staff,
   * who may look any case up, are told that the case is there; anyone else gets `notFound`.
   */
  addNotYourCase: m<On>(
    (p) =>
      `${p.number} er ikke en sag, du selv har meldt, så intet blev tilføjet: "tilføj" tilføjer til dine egne ` +
      `henvendelser. Som supportmedarbejder skriver du på en sag fra dens kort: skriv "status ${p.number}", og brug ` +
      '"Tilføj note".',
    (p) =>
      `${p.number} is not a case you reported, so nothing was added: "add" adds to your own reports. As support ` +
      `staff you write on a case from its card: write "status ${p.number}" and use "Add note".`,
  ),
  /**
   * A click on a card whose case id no case has (not a number someone typed): staff are pointed to the number,
   * anyone else to their own cases. Whose the case is does not come into it, so it tells nobody more than before.
   */
  clickedCaseGone: m<{ ref: string; staff: boolean }>(
    (p) =>
      `Jeg kan ikke finde sagen, som kortet hører til (${p.ref}). ` +
      (p.staff ? 'Slå sagen op med dens nummer, fx "status INC-000123".' : 'Dine sager ser du med "mit".'),
    (p) =>
      `I cannot find the case this card is about (${p.ref}). ` +
      (p.staff ? 'Look the case up by its number, e.g. "status INC-000123".' : 'Write "mine" to see your cases.'),
  ),
  solutionRequired: m<On>(
    (p) => `Skriv løsningen, før ${p.number} kan løses.`,
    (p) => `Please write the solution before ${p.number} can be resolved.`,
  ),
  useResolve: m<On>(
    (p) => `Brug "Løs" med en løsning for at løse ${p.number}, og "Luk" for at lukke den.`,
    (p) => `Use "Resolve" with a solution to resolve ${p.number}, and "Close" to close it.`,
  ),
  sameStatus: m<On & { status: string }>(
    (p) => `${p.number} har allerede status ${p.status}.`,
    (p) => `${p.number} is already ${p.status}.`,
  ),
  startUnassigned: m<On>(
    (p) =>
      `Ingen har ${p.number} endnu: tildel den en i gruppen (eller tag den, hvis du er i gruppen), før arbejdet går i gang.`,
    (p) =>
      `Nobody has ${p.number} yet: assign it to someone in the group (or claim it, if you are in the group) before work starts.`,
  ),
  vendorRequired: m<On>(
    (p) => `Angiv leverandøren (og gerne deres reference), når ${p.number} skal afvente leverandør.`,
    (p) => `Name the vendor (and their reference, if any) to set ${p.number} to awaiting vendor.`,
  ),
  questionRequired: m<On>(
    (p) => `Skriv spørgsmålet til brugeren, når ${p.number} skal afvente bruger.`,
    (p) => `Write the question for the user to set ${p.number} to awaiting user.`,
  ),
  /**
   * An assignee outside the group holding the case: names the person and the group, never the group's people and
   * their e-mails (a refusal is no directory); the card's Assign menu lists whom the case may go to.
   */
  notAMember: m<On & { person: string; group: string }>(
    (p) =>
      `${p.person} er ikke medlem af ${p.group}, så ${p.number} kan ikke tildeles dem. Vælg en fra gruppen under Tildel på sagens kort.`,
    (p) =>
      `${p.person} is not a member of ${p.group}, so ${p.number} cannot be assigned to them. Choose someone from the group under Assign on the case card.`,
  ),
  unknownGroup: m<{ group: string }>(
    (p) => `Gruppen "${p.group}" findes ikke i kataloget.`,
    (p) => `There is no group "${p.group}" in the catalogue.`,
  ),
  /** A functional escalation that names no group: `external:` without the directorate's name. */
  noTargetGroup: m<On>(
    (p) =>
      `Vælg den gruppe, ${p.number} skal eskaleres til; en overdragelse til et andet direktorat skal nævne det ved navn.`,
    (p) => `Choose the group to escalate ${p.number} to; a hand-over to another directorate must name it.`,
  ),
  /** "Outside AU IT" chosen on an escalation form without the unit's name. */
  noOutsideUnit: m<On>(
    (p) => `Skriv navnet på den enhed uden for AU IT, der overtager sagen; ${p.number} er ikke ændret.`,
    (p) => `Name the unit outside AU IT that takes the case over; ${p.number} was not changed.`,
  ),
  sameGroup: m<On & { group: string }>(
    (p) => `${p.number} ligger allerede hos ${p.group}.`,
    (p) => `${p.number} is already with ${p.group}.`,
  ),
  reopenWindowPassed: m<On & { days: number }>(
    (p) =>
      `${p.number} blev løst for mere end ${p.days === 1 ? '1 dag' : `${p.days} dage`} siden og kan ikke genåbnes. Opret en ny sag og nævn ${p.number}, så hjælper vi dig videre.`,
    (p) =>
      `${p.number} was resolved more than ${p.days === 1 ? '1 day' : `${p.days} days`} ago and cannot be reopened. Please report a new case and mention ${p.number}; we will help you from there.`,
  ),
  /** "Yes, solved" / "No, still a problem" from the question of a resolution the case has gone past. */
  earlierResolution: m<On>(
    (p) => `Svaret gælder en tidligere løsning af ${p.number}; svar venligst på den nyeste besked om sagen.`,
    (p) => `That answer is about an earlier solution of ${p.number}; please answer the latest message about the case.`,
  ),
  /** A rating from the invitation of a close the case has gone past (reopened and closed again since). */
  earlierClose: m<On>(
    (p) => `Bedømmelsen gælder en tidligere lukning af ${p.number}; bedøm den venligst fra den nyeste besked om sagen.`,
    (p) =>
      `That rating is about an earlier close of ${p.number}; please rate it from the latest message about the case.`,
  ),
  notYourEscalation: m<On & { name: string }>(
    (p) => `Eskaleringen af ${p.number} er sendt til ${p.name}, som kvitterer for den; der er ingen til dig.`,
    (p) => `The escalation of ${p.number} went to ${p.name}, who acknowledges it; there is none addressed to you.`,
  ),
  nobodyAbove: m<On & { group: string }>(
    (p) =>
      `${p.number} kan ikke eskaleres til lederen: du er selv leder for ${p.group}, og der er ingen over dig at eskalere til her. Tag den op med din egen leder direkte.`,
    (p) =>
      `${p.number} cannot be escalated to the manager: you are the supervisor of ${p.group} yourself, and there is nobody above you to escalate it to here. Take it up with your own manager directly.`,
  ),
  /**
   * The escalation to the manager of someone every catalogue supervisor of the case is, whose manager in the managers
   * file (`manager`, her e-mail) no platform knows yet (on Teams: she never wrote to the bot): nothing was recorded.
   */
  managerUnreachable: m<On & { manager: string }>(
    (p) =>
      `${p.number} kan ikke eskaleres til din leder endnu: lederfilen angiver ${p.manager}, men botten kan ikke nå vedkommende (i Teams: har aldrig skrevet til botten). Intet er registreret. Bed din leder skrive til botten én gang, eller tag sagen op med vedkommende direkte.`,
    (p) =>
      `${p.number} cannot be escalated to your manager yet: the managers file names ${p.manager}, whom the bot cannot reach (on Teams: they have never written to the bot). Nothing was recorded. Ask your manager to send the bot a message once, or take the case up with them directly.`,
  ),
  /**
   * The escalation to the manager of someone every catalogue supervisor of the case is, while a source that could
   * name her manager (Microsoft Graph) refused or could not be reached: nothing was recorded, and it is not final.
   */
  managerNotAnswered: m<On>(
    (p) =>
      `${p.number} kan ikke eskaleres til din leder lige nu: opslaget af, hvem din leder er, kunne ikke gennemføres (brugerkataloget kunne ikke nås). Intet er registreret. Prøv igen om et øjeblik.`,
    (p) =>
      `${p.number} cannot be escalated to your manager right now: the directory that says who your manager is could not be reached. Nothing was recorded. Please try again in a moment.`,
  ),
  /**
   * The escalation to the manager of someone every catalogue supervisor of the case is, whose manager in Microsoft
   * Entra ID (`manager`: her name, with her e-mail when Graph gives one) has never written to the bot on Teams:
   * nothing was recorded.
   */
  graphManagerUnreachable: m<On & { manager: string }>(
    (p) =>
      `${p.number} kan ikke eskaleres til din leder endnu: brugerkataloget (Microsoft Entra ID) angiver ${p.manager} som din leder, men botten kan ikke nå vedkommende (i Teams: har aldrig skrevet til botten). Intet er registreret. Bed din leder skrive til botten én gang, eller tag sagen op med vedkommende direkte.`,
    (p) =>
      `${p.number} cannot be escalated to your manager yet: the directory (Microsoft Entra ID) names ${p.manager} as your manager, whom the bot cannot reach (on Teams: they have never written to the bot). Nothing was recorded. Ask your manager to send the bot a message once, or take the case up with them directly.`,
  ),
  /**
   * The escalation to the manager of someone every catalogue supervisor of the case is, while Microsoft Graph refuses
   * the bot to read managers (no `User.Read.All`), or Entra ID refuses the bot's credentials for it (an expired or
   * wrong secret, an unknown tenant, the app not in the tenant): nothing was recorded, and trying again does not help
   * until an administrator fixes the permission or the credentials (the operator's log says which).
   */
  managerNotAllowed: m<On>(
    (p) =>
      `${p.number} kan ikke eskaleres til din leder: botten er ikke sat op til at slå op i brugerkataloget (Microsoft Entra ID), hvem din leder er. Intet er registreret. En administrator skal rette bottens tilladelse eller adgangsoplysninger; det hjælper ikke at prøve igen indtil da. Tag sagen op med din leder direkte.`,
    (p) =>
      `${p.number} cannot be escalated to your manager: the bot is not set up to read who your manager is from the directory (Microsoft Entra ID). Nothing was recorded. An administrator must fix the bot's permission or credentials; trying again will not help until then. Take the case up with your manager directly.`,
  ),
  /** An Acknowledge click from a card rendered before the escalations that wait for the clicker now. */
  newerEscalation: m<On & { who: string }>(
    (p) =>
      `${p.number} er eskaleret til dig igen efter dette kort (af ${p.who}). Her er den aktuelle sag: læs den, og kvittér der.`,
    (p) =>
      `${p.number} was escalated to you again after this card (by ${p.who}). Here is the current case: read it and acknowledge there.`,
  ),
  nothingToAcknowledge: m<On>(
    (p) => `Der er ingen åben eskalering at kvittere for på ${p.number}.`,
    (p) => `There is no open escalation to acknowledge on ${p.number}.`,
  ),
  notRatedInStudentsPlace: m<On>(
    (p) =>
      `${p.number} bedømmes ikke: du er kontakt for den i stedet for en studerende, som ikke er navngivet, og medarbejdere bedømmer ikke deres egne sager.`,
    (p) =>
      `${p.number} is not rated: you are its contact in the place of a student nobody named, and staff do not rate their own cases.`,
  ),
  /** "Yes, solved" or "No, still a problem" on an order its approver rejected (from an old message or card). */
  orderNotApproved: m<On>(
    (p) =>
      `Bestilling ${p.number} blev ikke godkendt, så der er intet at bekræfte eller genåbne. Afgiv en ny bestilling, hvis du stadig har brug for udstyret.`,
    (p) =>
      `Order ${p.number} was not approved, so there is nothing to confirm or reopen. Please place a new order if you still need the equipment.`,
  ),
  /** "Yes, solved" again on a resolution the user confirmed already. */
  alreadyConfirmed: m<On>(
    (p) => `Du har allerede bekræftet, at ${p.number} er løst. Tak!`,
    (p) => `You have already confirmed that ${p.number} is solved. Thank you!`,
  ),
  /**
   * "Yes, solved" again on a resolution someone else confirmed already (the case's user, or who reported it on their
   * behalf: either may answer): names who did, so nobody is told they confirmed what they did not. `name` absent:
   * that person was erased on request.
   */
  alreadyConfirmedBy: m<On & { name?: string }>(
    (p) =>
      p.name
        ? `${p.name} har allerede bekræftet, at ${p.number} er løst. Tak!`
        : `Det er allerede bekræftet, at ${p.number} er løst. Tak!`,
    (p) =>
      p.name
        ? `${p.name} has already confirmed that ${p.number} is solved. Thank you!`
        : `It has already been confirmed that ${p.number} is solved. Thank you!`,
  ),
  alreadyEvaluated: m<On>(
    (p) => `Du har allerede evalueret ${p.number}. Tak!`,
    (p) => `You have already rated ${p.number}. Thank you!`,
  ),
  notStaff: m<void>(
    () => 'Køen er for supportmedarbejdere. Skriv "mit" for at se dine egne sager.',
    () => 'The queue is for support staff. Write "mine" to see your own cases.',
  ),
  searchNotStaff: m<void>(
    () => 'Søgning i sager er for supportmedarbejdere. Skriv "mit" for at se dine egne sager.',
    () => 'Searching cases is for support staff. Write "mine" to see your own cases.',
  ),
  notYourGroup: m<{ group: string }>(
    (p) => `Du er ikke medlem af ${p.group}.`,
    (p) => `You are not a member of ${p.group}.`,
  ),
  unknownQueueGroup: m<{ group: string; ids: string }>(
    (p) => `Der er ingen gruppe med id "${p.group}". Dine grupper: ${p.ids}.`,
    (p) => `There is no group with the id "${p.group}". Your groups: ${p.ids}.`,
  ),
  notACaseAction: m<void>(
    () => 'Den handling hører ikke til en sag.',
    () => 'That action does not belong to a case.',
  ),
};

export const listMessages = {
  mineTitle: m<void>(
    () => 'Dine sager',
    () => 'Your cases',
  ),
  mineEmpty: m<void>(
    () => 'Du har ingen sager.',
    () => 'You have no cases.',
  ),
  queueTitle: m<{ groups: string }>(
    (p) => `Kø: ${p.groups}`,
    (p) => `Queue: ${p.groups}`,
  ),
  more: m<{ count: number }>(
    (p) => `… og ${p.count} mere`,
    (p) => `… and ${p.count} more`,
  ),
  searchTitle: m<{ what: string }>(
    (p) => `Sager med «${p.what}»`,
    (p) => `Cases matching «${p.what}»`,
  ),
  searchEmpty: m<{ what: string }>(
    (p) =>
      `Ingen sager passer på «${p.what}». Alle ordene skal findes i sagen (titel, beskrivelse, noter, løsning, navne); prøv med færre ord eller begyndelsen af et ord.`,
    (p) =>
      `No case matches «${p.what}». A case must contain every word (title, description, notes, solution, names); try fewer words or the beginning of a word.`,
  ),
  similarTitle: m<{ number: string }>(
    (p) => `Sager som ligner ${p.number}`,
    (p) => `Cases like ${p.number}`,
  ),
  similarEmpty: m<{ number: string; title: string }>(
    (p) => `Ingen anden sag deler nok ord med ${p.number} («${p.title}»). Prøv "søg" med dine egne ord.`,
    (p) => `No other case shares enough words with ${p.number} («${p.title}»). Try "search" with words of your own.`,
  ),
  similarNoWords: m<{ number: string }>(
    (p) => `${p.number} har ingen ord at sammenligne med (titel og beskrivelse). Prøv "søg" med dine egne ord.`,
    (p) => `${p.number} has no words to compare with (title and description). Try "search" with words of your own.`,
  ),
  similarSolution: m<{ solution: string }>(
    (p) => `   → Løsning: ${p.solution}`,
    (p) => `   → Solution: ${p.solution}`,
  ),
  searchMore: m<{ shown: number }>(
    (p) => `Flere sager passer; her er de ${p.shown} nyeste. Tilføj et ord for at indsnævre søgningen.`,
    (p) => `More cases match; these are the ${p.shown} newest. Add a word to narrow the search.`,
  ),
  queueEmpty: m<{ groups: string }>(
    (p) => `Ingen åbne sager hos ${p.groups}.`,
    (p) => `No open cases with ${p.groups}.`,
  ),
  solvedTitle: m<On>(
    (p) => `Sag ${p.number} er løst`,
    (p) => `Case ${p.number} is solved`,
  ),
  closedTitle: m<On>(
    (p) => `Sag ${p.number} er lukket`,
    (p) => `Case ${p.number} is closed`,
  ),
  score: m<void>(
    () => 'Karakter (1 = dårligt, 5 = fremragende)',
    () => 'Score (1 = poor, 5 = excellent)',
  ),
  comment: m<void>(
    () => 'Kommentar (valgfri)',
    () => 'Comment (optional)',
  ),
  send: m<void>(
    () => 'Send',
    () => 'Send',
  ),
  solved: m<void>(
    () => 'Ja, løst',
    () => 'Yes, solved',
  ),
  stillAProblem: m<void>(
    () => 'Nej, stadig et problem',
    () => 'No, still a problem',
  ),
  stillWrong: m<void>(
    () => 'Hvad er stadig galt? (valgfrit)',
    () => 'What is still wrong? (optional)',
  ),
};
