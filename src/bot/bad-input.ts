import type { CardActionError } from '../cards/card-actions.js';
import { type CardLabels, cardLabels } from '../cards/card-labels.js';
import type { Locale } from '../models/case.js';
import { caseFormLabel } from '../services/lifecycle/case-forms.js';
import { teamsTexts } from './teams/teams-texts.js';

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
  const label = FORM_LABEL[field];
  return label ? cardLabels(locale).form[label] : teamsTexts[locale].fieldNames[field];
}

/**
 * What to tell someone whose card submission could not be used, in their language: the field (by the label they
 * saw on the form they submitted, `raw` being the submission) that is missing or not usable, else that the card sent
 * something unusable. `parseCardAction`'s own message is English and names internal fields (`groupId is missing.`),
 * so it is never shown. `label` is the refused input's label as the person saw it, when the transport knows it (a
 * Slack modal's input that has no case-form name, such as an intake question): it names the field then.
 */
export function badInputText(
  error: CardActionError | undefined,
  locale: Locale,
  raw?: Record<string, unknown>,
  label?: string,
): string {
  const field = label?.trim() || fieldName(error?.field, locale, raw);
  return teamsTexts[locale].badInput({ ...(field ? { field } : {}), missing: error?.missing === true });
}
