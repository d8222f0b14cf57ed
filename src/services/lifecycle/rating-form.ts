import { MAX_COMMENT } from '../../cards/card-actions.js';
import type { FormView } from '../../cards/view-models.js';
import type { Case, Locale } from '../../models/case.js';
import { listMessages } from './messages.js';

/**
 * The form inviting the user to rate a closed case 1-5 with an optional comment (PROCESS.md principle 3: "later
 * also to evaluate"), sent with the message that the case is closed: by 1st level (`close`) or by itself after the
 * reopen window (`auto_close`). It submits `evaluate` with the version that close stored (`closedVersion`), which
 * takes one rating per resolution whatever changed since, but none from the invitation of an earlier close.
 */
export function ratingForm(c: Pick<Case, 'id' | 'version'>, locale: Locale): FormView {
  return {
    id: `evaluate:${c.id}`,
    inputs: [
      {
        id: 'score',
        kind: 'choice',
        label: listMessages.score[locale](),
        required: true,
        options: ['5', '4', '3', '2', '1'].map((v) => ({ value: v, label: v })),
      },
      // The comment's limit is the parser's (`MAX_COMMENT`): Teams and Slack stop typing there, and a longer one sent
      // anyway is refused naming the limit.
      {
        id: 'comment',
        kind: 'multiline',
        label: listMessages.comment[locale](),
        required: false,
        maxLength: MAX_COMMENT,
      },
    ],
    submit: [
      {
        action: { verb: 'evaluate', caseId: c.id, version: c.version },
        label: listMessages.send[locale](),
        style: 'positive',
      },
    ],
  };
}
