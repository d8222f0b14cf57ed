import type { MajorForm } from '../../cards/card-actions.js';
import type { ActionView, FormView } from '../../cards/view-models.js';
import type { Case, Locale } from '../../models/case.js';
import { majorLabels } from './major-messages.js';

/**
 * The form behind `open_form` with a major-incident form (named after the verb it submits): the summary in both
 * languages for `declare_major` (pre-filled with the case title), the parent's number for `link_major`, the text
 * for `major_update`. Input ids are the action's field names; the submit carries case id and version.
 */
export function presentMajorForm(c: Case, form: MajorForm, locale: Locale): FormView {
  const submit: ActionView[] = [
    { action: { verb: form, caseId: c.id, version: c.version }, label: labelOf(form)[locale], style: 'positive' },
  ];
  const id = `${form}:${c.id}`;
  switch (form) {
    case 'declare_major':
      return {
        id,
        inputs: [
          {
            id: 'summaryDa',
            kind: 'text',
            label: majorLabels.summaryDa[locale],
            required: true,
            value: c.title,
            maxLength: 500,
          },
          {
            id: 'summaryEn',
            kind: 'text',
            label: majorLabels.summaryEn[locale],
            required: true,
            value: c.title,
            maxLength: 500,
          },
        ],
        submit,
      };
    case 'link_major':
      return {
        id,
        inputs: [
          { id: 'parentNumber', kind: 'text', label: majorLabels.parentNumber[locale], required: true, maxLength: 60 },
        ],
        submit,
      };
    case 'major_update':
      return {
        id,
        inputs: [
          { id: 'text', kind: 'multiline', label: majorLabels.updateText[locale], required: true, maxLength: 20_000 },
        ],
        submit,
      };
  }
}

function labelOf(form: MajorForm): Record<Locale, string> {
  switch (form) {
    case 'declare_major':
      return majorLabels.declare;
    case 'link_major':
      return majorLabels.link;
    case 'major_update':
      return majorLabels.update;
  }
}
