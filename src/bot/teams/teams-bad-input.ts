import type { CardActionError } from '../../cards/card-actions.js';
import { type CardLabels, cardLabels } from '../../cards/card-labels.js';
import type { Locale } from '../../models/case.js';
import { teamsTexts } from './teams-texts.js';

type FormLabel = Exclude<keyof CardLabels['form'], 'reasonCodes'>;

/** Case-form fields, named by the label their input has on the card (`caseFormFor`). */
const FORM_LABEL: Partial<Record<string, FormLabel>> = {
  text: 'noteText',
  visibility: 'visibility',
  solution: 'solution',
  groupId: 'group',
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

/** The name a person knows a submitted field by, in their language; undefined for a field they never see. */
function fieldName(field: string | undefined, locale: Locale): string | undefined {
  if (!field || field.includes('.')) return undefined;
  const label = FORM_LABEL[field];
  return label ? cardLabels(locale).form[label] : teamsTexts[locale].fieldNames[field];
}

/**
 * What to tell someone whose card submission could not be used, in their language: the field (by the label they
 * saw) that is missing or not usable, else that the card sent something unusable. `parseCardAction`'s own message
 * is English and names internal fields (`groupId is missing.`), so it is never shown.
 */
export function badInputText(error: CardActionError | undefined, locale: Locale): string {
  const field = fieldName(error?.field, locale);
  return teamsTexts[locale].badInput({ ...(field ? { field } : {}), missing: error?.missing === true });
}
