import type { MessageView } from '../../cards/view-models.js';
import type { Case, Locale, Person, PersonRef } from '../../models/case.js';
import { formatTime } from '../i18n.js';
import { majorIntakeMessages } from './major-messages.js';

/** An open major incident the intake shows before asking more: "We know: …". */
export interface MajorIntakeMatch {
  parentId: string;
  number: string;
  /** The offer, with "Add me to the affected" (`intake_join_major`) and "My problem is different" (`intake_not_major`). */
  view: MessageView;
}

/** What the intake engine needs of the major-incident service (an optional dependency). */
export interface IntakeMajors {
  /**
   * The open major incident to offer for this category or text, or null. Never one whose own user is `person`: the
   * major incident is her case already, and a report of hers linked to it would only double what she is told.
   */
  matchForIntake(
    categoryId: string | undefined,
    text: string,
    locale: Locale,
    person?: PersonRef,
  ): Promise<MajorIntakeMatch | null>;
  /** Called once a linked case was registered from the offer: counts it on the parent; returns the confirmation. */
  joined(child: Case, locale: Locale): Promise<MessageView>;
  /** The major incident, while it is still open (null once resolved, closed or no longer major). */
  openParent?(parentId: string): Promise<{ number: string } | null>;
  /** The open report of this person (as user, by id or e-mail) already linked to the major incident, if any. */
  linkedReport?(parentId: string, person: Person): Promise<Case | null>;
}

/** The offer shown at intake: summary and since when, with the two choices. */
export function majorOfferView(parent: Case, locale: Locale, timeZone: string): MessageView {
  const major = parent.major;
  const summary = major?.summary[locale] ?? parent.title;
  const since = formatTime(major?.declaredAt ?? parent.createdAt, locale, timeZone);
  return {
    kind: 'message',
    locale,
    title: `${majorIntakeMessages.offerTitle[locale]()} (${parent.number})`,
    text: majorIntakeMessages.offer[locale]({ summary, since }),
    actions: [
      {
        action: { verb: 'intake_join_major', parentId: parent.id },
        label: majorIntakeMessages.join[locale](),
        style: 'positive',
      },
      { action: { verb: 'intake_not_major' }, label: majorIntakeMessages.different[locale]() },
    ],
  };
}

const STOP = new Set(
  (
    'the and for with that this have from not does doesn work works working cannot your are was were again since ' +
    'about there their will would could what when where which who how any all some more very just ' +
    'det der den som med har ikke kan jeg min mit mine vores til fra for og at er var på af en et de du om så ' +
    'virker virke stadig igen bare også noget nogen meget hvad hvor hvem når hvorfor'
  ).split(' '),
);

/** Lower-cased words of four or more letters that carry meaning (stop words of both languages left out). */
export function significantWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? [];
  return new Set(words.filter((w) => !STOP.has(w)));
}

/**
 * Whether the user's text is about the major incident: it shares two meaningful words with the summary (either
 * language) or title, or one when the summary has no more than two. A deliberately simple rule: a false offer
 * costs one click ("My problem is different").
 */
export function textMatches(parent: Case, text: string): boolean {
  const said = significantWords(text);
  if (said.size === 0) return false;
  const about = significantWords(
    [parent.major?.summary.da ?? '', parent.major?.summary.en ?? '', parent.title].join(' '),
  );
  let shared = 0;
  for (const w of said) if (about.has(w)) shared++;
  const summaryWords = significantWords(parent.major?.summary.en ?? parent.title).size;
  return shared >= 2 || (shared >= 1 && summaryWords <= 2);
}
