import type { Locale } from '../../models/case.js';
import type { SlaKind } from '../../models/sla.js';
import { businessDays } from '../i18n.js';

/**
 * Every text the SLA ladder and the daily digest send, in Danish and English. Messages name who is responsible
 * (PROCESS.md, principle 3: personal contact, never an anonymous auto-mail); case titles are passed in as data.
 */
type Msg<P> = Record<Locale, (p: P) => string>;
const m = <P>(da: (p: P) => string, en: (p: P) => string): Msg<P> => ({ da, en });
const { da: daysDa, en: daysEn } = businessDays;

interface On {
  number: string;
  title: string;
}

const TARGET: Record<SlaKind, Record<Locale, string>> = {
  response: { da: 'svartiden', en: 'the response time' },
  resolution: { da: 'løsningstiden', en: 'the resolution time' },
};

/** "svartiden" / "the response time". */
export const targetLabel = (kind: SlaKind, locale: Locale): string => TARGET[kind][locale];

export const slaMessages = {
  reminderToAssignee: m<On & { percent: number; target: string; due: string }>(
    (p) =>
      `Påmindelse: ${p.percent} % af ${p.target} for sag ${p.number} ("${p.title}") er brugt. Fristen er ${p.due}.`,
    (p) => `Reminder: ${p.percent} % of ${p.target} for case ${p.number} ("${p.title}") is used. It is due ${p.due}.`,
  ),
  reminderToGroup: m<{ percent: number; target: string; due: string; number: string }>(
    (p) =>
      `Påmindelse: ${p.percent} % af ${p.target} for ${p.number} er brugt, og ingen har sagen endnu. Fristen er ${p.due}. Hvem tager den?`,
    (p) =>
      `Reminder: ${p.percent} % of ${p.target} for ${p.number} is used and nobody has the case yet. It is due ${p.due}. Who takes it?`,
  ),
  reminderToGroupErased: m<{ percent: number; target: string; due: string; number: string }>(
    (p) =>
      `Påmindelse: ${p.percent} % af ${p.target} for ${p.number} er brugt, og den, der havde sagen, er slettet (databeskyttelse). Fristen er ${p.due}. Tildel den til en, der tager over.`,
    (p) =>
      `Reminder: ${p.percent} % of ${p.target} for ${p.number} is used, and the person who had the case has been erased (data protection). It is due ${p.due}. Assign it to someone who takes over.`,
  ),
  breachToAssignee: m<On & { target: string; due: string; supervisor: string }>(
    (p) =>
      `Fristen for ${p.target} for sag ${p.number} ("${p.title}") blev overskredet (${p.due}). ${p.supervisor} er orienteret som leder.`,
    (p) =>
      `The deadline for ${p.target} of case ${p.number} ("${p.title}") was missed (${p.due}). ${p.supervisor} has been told as the team lead.`,
  ),
  breachToManagedAssignee: m<On & { target: string; due: string; manager: string }>(
    (p) =>
      `Fristen for ${p.target} for sag ${p.number} ("${p.title}") blev overskredet (${p.due}). ${p.manager} er orienteret som din leder.`,
    (p) =>
      `The deadline for ${p.target} of case ${p.number} ("${p.title}") was missed (${p.due}). ${p.manager} has been told as your manager.`,
  ),
  breachToSupervisor: m<On & { name: string; target: string; due: string; responsible: string }>(
    (p) =>
      `${p.name}: fristen for ${p.target} for sag ${p.number} ("${p.title}") blev overskredet (${p.due}); aftalen er brudt. Ansvarlig: ${p.responsible}. Kvittér, når du har set på sagen.`,
    (p) =>
      `${p.name}: the deadline for ${p.target} of case ${p.number} ("${p.title}") was missed (${p.due}); the agreement is broken. Responsible: ${p.responsible}. Please acknowledge once you have looked at it.`,
  ),
  breachInThread: m<{ name: string; target: string; due: string; responsible: string }>(
    (p) => `Fristen for ${p.target} blev overskredet (${p.due}). Ansvarlig: ${p.responsible}. Eskaleret til ${p.name}.`,
    (p) => `The deadline for ${p.target} was missed (${p.due}). Responsible: ${p.responsible}. Escalated to ${p.name}.`,
  ),
  breachReason: m<{ target: string; due: string }>(
    (p) => `Fristen for ${p.target} blev overskredet (${p.due}).`,
    (p) => `The deadline for ${p.target} was missed (${p.due}).`,
  ),
  unclaimed: m<{ number: string; priority: string; minutes: number }>(
    (p) =>
      `${p.number} (${p.priority}) har ligget i bunken uden at nogen har taget den i ${p.minutes} minutter. Hvem tager den?`,
    (p) => `${p.number} (${p.priority}) has been in the pile unclaimed for ${p.minutes} minutes. Who takes it?`,
  ),
  lateToUser: m<On & { who: string; due: string }>(
    (p) =>
      `Din sag ${p.number} ("${p.title}") tager længere tid, end vi sigtede efter (${p.due}). Det beklager vi.\n\n` +
      `Hvad sker der nu: ${p.who} arbejder videre på den, og lederen er orienteret. Du hører fra os her i chatten, så snart der er nyt. Du kan altid se status med "status ${p.number}".`,
    (p) =>
      `Your case ${p.number} ("${p.title}") is taking longer than we aimed for (${p.due}). We are sorry about that.\n\n` +
      `What happens next: ${p.who} keeps working on it, and the team lead has been told. You will hear from us here in the chat as soon as there is news. You can always check it with "status ${p.number}".`,
  ),
  awaitingReminder: m<On & { who: string; question: string; since: string }>(
    (p) =>
      `${p.who} venter stadig på dit svar om sag ${p.number} ("${p.title}") siden ${p.since}:\n\n${p.question}\n\nSvar bare her i chatten; dit svar kommer direkte på sagen.`,
    (p) =>
      `${p.who} is still waiting for your answer about case ${p.number} ("${p.title}") since ${p.since}:\n\n${p.question}\n\nJust reply here in the chat; your answer goes straight to the case.`,
  ),
  awaitingProposal: m<On & { user: string; since: string }>(
    (p) =>
      `Sag ${p.number} ("${p.title}") har ventet på svar fra ${p.user} siden ${p.since}, også efter en påmindelse. Overvej at løse sagen med det, du ved, eller få den lukket, hvis der ikke er mere at gøre.`,
    (p) =>
      `Case ${p.number} ("${p.title}") has waited for ${p.user}'s answer since ${p.since}, also after a reminder. Consider resolving it with what you know, or having it closed if there is nothing more to do.`,
  ),
  awaitingProposalInThread: m<{ user: string; since: string }>(
    (p) => `Har ventet på svar fra ${p.user} siden ${p.since}, også efter en påmindelse. Løs eller luk sagen?`,
    (p) => `Has waited for ${p.user}'s answer since ${p.since}, also after a reminder. Resolve or close the case?`,
  ),
  autoClosedToUser: m<On & { who: string; days: number }>(
    (p) =>
      `Din sag ${p.number} ("${p.title}") er nu lukket. ${p.who} løste den, og vi har ikke hørt fra dig i ${daysDa(p.days)}. Hvordan klarede vi det? Giv os gerne 1-5 og en kommentar.\n\nEr problemet der stadig, så skriv bare til mig, så hjælper vi videre.`,
    (p) =>
      `Your case ${p.number} ("${p.title}") is now closed. ${p.who} solved it, and we have not heard from you for ${daysEn(p.days)}. How did we do? Please rate us 1-5 and add a comment if you like.\n\nIf the problem is still there, just write to me and we will help further.`,
  ),
  confirmedClosedToUser: m<On>(
    (p) =>
      `Din sag ${p.number} ("${p.title}") er nu lukket: du har bekræftet, at problemet er løst. Hvordan klarede vi det? Giv os gerne 1-5 og en kommentar.\n\nKommer problemet igen, så skriv bare til mig, så hjælper vi videre.`,
    (p) =>
      `Your case ${p.number} ("${p.title}") is now closed: you confirmed that the problem is solved. How did we do? Please rate us 1-5 and add a comment if you like.\n\nIf the problem comes back, just write to me and we will help further.`,
  ),
  confirmedClosedInStudentsPlace: m<On>(
    (p) =>
      `Sag ${p.number} ("${p.title}") er nu lukket: du har bekræftet, at problemet er løst. Du er kontakt for sagen i den studerendes sted.`,
    (p) =>
      `Case ${p.number} ("${p.title}") is now closed: you confirmed that the problem is solved. You are its contact in the student's place.`,
  ),
  confirmedClosedInThread: m<{ user: string }>(
    (p) => `Lukket automatisk: ${p.user} har bekræftet, at problemet er løst.`,
    (p) => `Closed automatically: ${p.user} confirmed that the problem is solved.`,
  ),
  /**
   * The auto-close of an order its approver rejected: the requester was told the decision and asked nothing (a
   * rejection has no "Yes, solved" / "No, still a problem"), so neither "solved" nor "not heard from you" holds.
   */
  rejectedOrderClosedToUser: m<On & { approver: string; reason: string }>(
    (p) =>
      `Din bestilling ${p.number} ("${p.title}") er nu lukket. ${p.approver} godkendte den ikke${p.reason ? `: ${p.reason}` : '.'}\n\nHvordan klarede vi det? Giv os gerne 1-5 og en kommentar.\n\nHar du stadig brug for udstyr, så skriv bare til mig, så hjælper vi videre.`,
    (p) =>
      `Your order ${p.number} ("${p.title}") is now closed. ${p.approver} did not approve it${p.reason ? `: ${p.reason}` : '.'}\n\nHow did we do? Please rate us 1-5 and add a comment if you like.\n\nIf you still need equipment, just write to me and we will help further.`,
  ),
  rejectedOrderClosedInThread: m<{ days: number; user: string }>(
    (p) => `Lukket automatisk: bestillingen blev afvist for ${daysDa(p.days)} siden. ${p.user} er orienteret.`,
    (p) => `Closed automatically: the order was rejected ${daysEn(p.days)} ago. ${p.user} has been told.`,
  ),
  autoClosedInThread: m<{ days: number; user: string }>(
    (p) => `Lukket automatisk: løst og uden svar fra ${p.user} i ${daysDa(p.days)}. Brugeren er orienteret.`,
    (p) => `Closed automatically: resolved and no answer from ${p.user} for ${daysEn(p.days)}. The user has been told.`,
  ),
};

export const digestMessages = {
  title: m<{ group: string; date: string }>(
    (p) => `Daglig opfølgning for ${p.group}, ${p.date}`,
    (p) => `Daily follow-up for ${p.group}, ${p.date}`,
  ),
  intro: m<{ ready: number; inactive: number; breached: number }>(
    (p) => `Klar til lukning: ${p.ready}. Uden aktivitet: ${p.inactive}. Overskredet frist: ${p.breached}.`,
    (p) => `Ready to close: ${p.ready}. No activity: ${p.inactive}. Deadline missed: ${p.breached}.`,
  ),
  readyHeading: m<void>(
    () => 'Klar til lukning (tjek at løsningen er dokumenteret, og at brugeren har fået et fuldt svar):',
    () => 'Ready to close (check the solution is documented and the user got a full answer):',
  ),
  inactiveHeading: m<{ days: number }>(
    (p) => `Ingen aktivitet i ${daysDa(p.days)} eller mere:`,
    (p) => `No activity for ${daysEn(p.days)} or more:`,
  ),
  breachedHeading: m<void>(
    () => 'Overskredet frist:',
    () => 'Deadline missed:',
  ),
  line: m<{ number: string; title: string; who: string; detail: string }>(
    (p) => `• ${p.number} "${p.title}": ${p.who}; ${p.detail}`,
    (p) => `• ${p.number} "${p.title}": ${p.who}; ${p.detail}`,
  ),
  more: m<{ count: number }>(
    (p) => `… og ${p.count} mere.`,
    (p) => `… and ${p.count} more.`,
  ),
  resolvedBy: m<{ at: string; user: string }>(
    (p) => `løst ${p.at}, ${p.user}`,
    (p) => `resolved ${p.at}, ${p.user}`,
  ),
  confirmed: m<void>(
    () => 'brugeren har bekræftet',
    () => 'the user confirmed',
  ),
  unconfirmed: m<void>(
    () => 'intet svar fra brugeren endnu',
    () => 'no answer from the user yet',
  ),
  lastActivity: m<{ at: string; status: string }>(
    (p) => `${p.status}, sidste aktivitet ${p.at}`,
    (p) => `${p.status}, last activity ${p.at}`,
  ),
  missed: m<{ target: string; due: string }>(
    (p) => `${p.target} overskredet (${p.due})`,
    (p) => `${p.target} missed (${p.due})`,
  ),
  unassigned: m<{ group: string }>(
    (p) => `ikke tildelt (${p.group})`,
    (p) => `unassigned (${p.group})`,
  ),
  close: m<{ number: string }>(
    (p) => `Luk ${p.number}`,
    (p) => `Close ${p.number}`,
  ),
  show: m<{ number: string }>(
    (p) => `Vis ${p.number}`,
    (p) => `Show ${p.number}`,
  ),
};
