import type { CardActionError, NotText } from '../cards/card-actions.js';
import { type CardLabels, cardLabels } from '../cards/card-labels.js';
import type { Locale } from '../models/case.js';
import { caseFormLabel } from '../services/lifecycle/case-forms.js';
import { listMessages } from '../services/lifecycle/messages.js';
import { orderMessages } from '../services/orders/order-messages.js';

/**
 * Where a submission came from, as the person saw it: a Teams card (`card`), a Slack modal (`form`), or a button or
 * menu of a Slack message (`clicked`: a case card, a form inside a message, the report conversation's buttons).
 */
export type InputSource = 'card' | 'form' | 'clicked';

/** What sent the unusable submission, when no field can be named: "the card sent something …". */
const SENDER: Record<Locale, Record<InputSource, string>> = {
  da: { card: 'kortet', form: 'formularen', clicked: 'det, du klikkede på,' },
  en: { card: 'the card', form: 'the form', clicked: 'what you clicked' },
};

/** What came instead of text, as the refusal names it. */
const NOT_TEXT: Record<Locale, Record<NotText, string>> = {
  da: { number: 'et tal', boolean: 'ja/nej', list: 'en liste', object: 'en gruppe af værdier' },
  en: { number: 'a number', boolean: 'yes/no', list: 'a list', object: 'a group of values' },
};

/** A count of characters as the reader writes numbers ("25,000"; "25.000"). */
const count = (n: number, locale: Locale): string => n.toLocaleString(locale === 'da' ? 'da-DK' : 'en-GB');

/**
 * What is wrong with a named field's value, when the parser could tell (`CardActionError`), or, for a field that
 * takes a whole number in a range (`WHOLE_NUMBERS`), that range.
 */
type Wrong = Pick<CardActionError, 'tooLong' | 'notText' | 'notAChoice'> & { range?: { min: number; max: number } };

/**
 * Fields that take a whole number from `min` to `max`, by verb: the rating's score (its form offers 1-5, but a forged
 * or stale card can send 9, 0, 3.5 or a word). Any value of theirs that is given but refused is out of that range.
 */
const WHOLE_NUMBERS: Partial<Record<string, Partial<Record<string, { min: number; max: number }>>>> = {
  evaluate: { score: { min: 1, max: 5 } },
};

/**
 * What the bot says, on Teams and Slack alike, to a submission it could not use: `field` (the input's label, in
 * this language) was missing, too long (its limit and the length given), not text, not one of its choices, or
 * given but not usable otherwise; without a field, what sent it (`from`) as a whole. Never the parser's own
 * (English) words. A value refused for what it is says that nothing was saved, so the person knows to send it again.
 */
const badInputWords: Record<
  Locale,
  (what: { field?: string; missing: boolean; from: InputSource; wrong: Wrong }) => string
> = {
  da: ({ field, missing, from, wrong }) =>
    field === undefined
      ? `Det kunne jeg ikke bruge: ${SENDER.da[from]} sendte noget, jeg ikke kunne bruge. Prøv igen.`
      : missing
        ? `Det kunne jeg ikke bruge: udfyld «${field}», og prøv igen.`
        : wrong.range
          ? `Det kunne jeg ikke bruge: «${field}» skal være et helt tal fra ${wrong.range.min} til ` +
            `${wrong.range.max}. Intet blev gemt. Vælg et, og prøv igen.`
          : wrong.tooLong
            ? `Det kunne jeg ikke bruge: «${field}» er ${count(wrong.tooLong.length, 'da')} tegn; der er højst plads ` +
              `til ${count(wrong.tooLong.max, 'da')}. Intet blev gemt: gør teksten kortere, og send den igen.`
            : wrong.notText
              ? `Det kunne jeg ikke bruge: «${field}» skal være tekst, men ${SENDER.da[from]} sendte ` +
                `${NOT_TEXT.da[wrong.notText]}. Intet blev gemt. Prøv igen.`
              : wrong.notAChoice
                ? `Det kunne jeg ikke bruge: «${field}» er ikke et af valgene. Intet blev gemt. Vælg et af dem, og prøv igen.`
                : `Det kunne jeg ikke bruge: «${field}» kunne ikke bruges. Ret det, og prøv igen.`,
  en: ({ field, missing, from, wrong }) =>
    field === undefined
      ? `I could not use that: ${SENDER.en[from]} sent something I could not use. Please try again.`
      : missing
        ? `I could not use that: please fill in “${field}” and try again.`
        : wrong.range
          ? `I could not use that: “${field}” must be a whole number from ${wrong.range.min} to ` +
            `${wrong.range.max}. Nothing was saved. Please choose one and try again.`
          : wrong.tooLong
            ? `I could not use that: “${field}” is ${count(wrong.tooLong.length, 'en')} characters; at most ` +
              `${count(wrong.tooLong.max, 'en')} fit. Nothing was saved: please shorten it and send it again.`
            : wrong.notText
              ? `I could not use that: “${field}” takes text, but ${SENDER.en[from]} sent ` +
                `${NOT_TEXT.en[wrong.notText]}. Nothing was saved. Please try again.`
              : wrong.notAChoice
                ? `I could not use that: “${field}” is not one of its choices. Nothing was saved. Please choose one and try again.`
                : `I could not use that: “${field}” could not be used. Please check it and try again.`,
};

/** Names of submitted fields that are no case-form input (those are named by the card's own labels). */
const FIELD_NAMES: Record<Locale, Partial<Record<string, string>>> = {
  da: {
    score: 'Bedømmelse',
    comment: 'Kommentar',
    summaryDa: 'Beskrivelse (dansk)',
    summaryEn: 'Beskrivelse (engelsk)',
    parentNumber: 'Storsagens nummer',
    vendor: 'Leverandør',
    reference: 'Reference',
    expectedAt: 'Forventet dato',
    slot: 'Tidspunkt',
    slot1: 'Tidspunkt',
    slot2: 'Tidspunkt',
    slot3: 'Tidspunkt',
    place: 'Sted',
  },
  en: {
    score: 'Rating',
    comment: 'Comment',
    summaryDa: 'Summary (Danish)',
    summaryEn: 'Summary (English)',
    parentNumber: "The major incident's number",
    vendor: 'Vendor',
    reference: 'Reference',
    expectedAt: 'Expected date',
    slot: 'Time',
    slot1: 'Time',
    slot2: 'Time',
    slot3: 'Time',
    place: 'Place',
  },
};

/** The purchasing forms' inputs by verb and field, by the labels they have there (`order-notices.ts`). */
function orderFieldNames(locale: Locale): Partial<Record<string, Partial<Record<string, string>>>> {
  const m = orderMessages[locale];
  return {
    order_reject: { reason: m.rejectReasonLabel },
    order_ordered: { vendor: m.vendorLabel, reference: m.referenceLabel },
    order_slipped: { reason: m.slipReasonLabel },
    order_ready: {
      slot1: m.slotLabel({ n: 1 }),
      slot2: m.slotLabel({ n: 2 }),
      slot3: m.slotLabel({ n: 3 }),
      place: m.placeLabel,
    },
  };
}

/**
 * Fields whose input one action labels otherwise than `FIELD_NAMES` (by verb): the comment of "No, still a problem"
 * is the "What is still wrong?" input of the solved message and the user's case card, not the rating's comment;
 * the purchasing panel's reason for a new delivery date is its "Why (shown to the requester)", not "Reason"; the
 * rating's score and comment are its form's "Score (1 = poor, 5 = excellent)" and "Comment (optional)"
 * (`ratingForm`, the same texts), so the user finds them there.
 */
const VERB_FIELD_NAMES: Record<Locale, Partial<Record<string, Partial<Record<string, string>>>>> = {
  da: {
    still_a_problem: { comment: 'Hvad er stadig galt?' },
    evaluate: { score: listMessages.score.da(), comment: listMessages.comment.da() },
    ...orderFieldNames('da'),
  },
  en: {
    still_a_problem: { comment: 'What is still wrong?' },
    evaluate: { score: listMessages.score.en(), comment: listMessages.comment.en() },
    ...orderFieldNames('en'),
  },
};

type FormLabel = Exclude<keyof CardLabels['form'], 'reasonCodes'>;

/** Case-form fields, named by the label their input has on the card (`caseFormFor`). */
const FORM_LABEL: Partial<Record<string, FormLabel>> = {
  text: 'noteText',
  visibility: 'visibility',
  solution: 'solution',
  groupId: 'group',
  unit: 'outsideUnit',
  reason: 'reason',
  reasonCode: 'reasonCode',
  status: 'status',
  vendorName: 'vendorName',
  vendorRef: 'vendorRef',
  question: 'question',
  assigneeId: 'assignee',
  assigneeEmail: 'assignee',
  categoryId: 'classifyCategory',
  type: 'classifyType',
  priority: 'classifyPriority',
};

/**
 * Whether a submission came from a form of the case services (`open_form`: `presentCaseForm`), whose inputs are
 * named plainly after the action's fields (`groupId`), rather than from the card's own sub-forms, whose inputs are
 * namespaced by their verb (`escalate_group.groupId`, `formInputId`): the two label the same field differently.
 * It did when it carries an input of that form by its plain name and none namespaced; a submission with no input
 * at all is taken for the card's.
 */
function fromServicesForm(raw: Record<string, unknown> | undefined, locale: Locale): boolean {
  const verb = raw?.['verb'];
  if (!raw || typeof verb !== 'string') return false;
  const keys = Object.keys(raw);
  return !keys.some((k) => k.startsWith(`${verb}.`)) && keys.some((k) => caseFormLabel(verb, k, locale) !== undefined);
}

/**
 * The name a person knows a submitted field by, in their language, as the form they submitted labels it (the
 * services' escalation form says "Group", the card's own "Escalate to group"); undefined for a field they never see.
 */
function fieldName(
  field: string | undefined,
  locale: Locale,
  raw: Record<string, unknown> | undefined,
): string | undefined {
  if (!field || field.includes('.')) return undefined;
  if (fromServicesForm(raw, locale)) {
    const shown = caseFormLabel(raw?.['verb'] as string, field, locale);
    if (shown) return shown;
  }
  const verb = raw?.['verb'];
  const ownName = typeof verb === 'string' ? VERB_FIELD_NAMES[locale][verb]?.[field] : undefined;
  if (ownName) return ownName;
  const label = FORM_LABEL[field];
  return label ? cardLabels(locale).form[label] : FIELD_NAMES[locale][field];
}

/**
 * What to tell someone whose submission could not be used, in their language: the field (by the label they saw on
 * the form they submitted, `raw` being the submission) that is missing or not usable, else that what they used
 * (`shown.from`: a card unless said otherwise) sent something unusable. `parseCardAction`'s own message is English
 * and names internal fields (`groupId is missing.`), so it is never shown. `shown.label` is the refused input's
 * label as the person saw it, when the transport knows it (a Slack modal's input that has no case-form name, such as
 * an intake question): it names the field then.
 */
export function badInputText(
  error: CardActionError | undefined,
  locale: Locale,
  raw?: Record<string, unknown>,
  shown: { label?: string | undefined; from?: InputSource } = {},
): string {
  const field = shown.label?.trim() || fieldName(error?.field, locale, raw);
  const verb = raw?.['verb'];
  const range = typeof verb === 'string' && error?.field ? WHOLE_NUMBERS[verb]?.[error.field] : undefined;
  const wrong: Wrong = {
    ...(range ? { range } : {}),
    ...(error?.tooLong ? { tooLong: error.tooLong } : {}),
    ...(error?.notText ? { notText: error.notText } : {}),
    ...(error?.notAChoice ? { notAChoice: error.notAChoice } : {}),
  };
  return badInputWords[locale]({
    ...(field ? { field } : {}),
    missing: error?.missing === true,
    from: shown.from ?? 'card',
    wrong,
  });
}
