import type { Locale } from '../models/case.js';

/**
 * The renderers' own words (field names on a case card, sub-form labels), in Danish and English. Everything
 * about the case itself arrives already localised in the view model; only this chrome lives here.
 */
export interface CardLabels {
  type: string;
  category: string;
  priority: string;
  status: string;
  user: string;
  reporter: string;
  group: string;
  assignee: string;
  sla: string;
  slaBreached: string;
  notes: string;
  internal: string;
  solution: string;
  /** Under the earlier solutions shown, when more were left off the card (they stay whole in the case). */
  earlierSolutionsMore: (n: number) => string;
  /** Heading of the list of the user's pictures and files. */
  attachments: string;
  required: string;
  /**
   * Said by Teams under a number input whose value is outside its limits (`InputView.min`/`max`), before anything
   * is sent: the client checks the limits itself.
   */
  numberRange: (p: { min?: number; max?: number; integer?: boolean }) => string;
  more: string;
  form: {
    noteText: string;
    visibility: string;
    visibilityInternal: string;
    visibilityPublic: string;
    addNote: string;
    solution: string;
    resolve: string;
    group: string;
    reason: string;
    escalate: string;
    reasonCode: string;
    reasonCodes: { complaint: string; agreement_at_risk: string; agreement_broken: string; other: string };
    escalateManager: string;
    /**
     * Slack's escalation modal (one submit button): the required choice of the kind of escalation, its two options,
     * and the answers when it is left out or when "another group" names none.
     */
    escalateTo: string;
    escalateToGroup: string;
    escalateToManager: string;
    chooseEscalation: string;
    chooseGroup: string;
    /** The escalation form's name of a unit outside AU IT, and the answer when that choice is taken without one. */
    outsideUnit: string;
    nameUnit: string;
    status: string;
    vendorName: string;
    vendorRef: string;
    question: string;
    setStatus: string;
    assignee: string;
    assigneeEmail: string;
    /** Placeholder of a searched assign menu (a large desk: the first few people shown, the rest found by typing). */
    findPerson: string;
    assign: string;
    returnReason: string;
    returnToTechnician: string;
    /** The classify form (PROCESS.md steps 2–4): category, type and priority. */
    classifyCategory: string;
    classifyType: string;
    classifyPriority: string;
    classifyReason: string;
    classify: string;
    yes: string;
  };
}

const en: CardLabels = {
  type: 'Type',
  category: 'Category',
  priority: 'Priority',
  status: 'Status',
  user: 'User',
  reporter: 'Reported by',
  group: 'Group',
  assignee: 'Assignee',
  sla: 'SLA',
  slaBreached: 'SLA breached',
  notes: 'Latest notes',
  internal: 'internal',
  solution: 'Solution',
  earlierSolutionsMore: (n) => `… and ${n} earlier ${n === 1 ? 'solution' : 'solutions'}, kept whole with the case`,
  attachments: 'Attachments',
  required: 'Please fill this in.',
  numberRange: ({ min, max, integer }) => {
    const what = integer ? 'a whole number' : 'a number';
    if (min !== undefined && max !== undefined) return `Enter ${what} from ${min} to ${max}.`;
    return min !== undefined ? `Enter ${what} of at least ${min}.` : `Enter ${what} of at most ${max}.`;
  },
  more: 'More',
  form: {
    noteText: 'Note',
    visibility: 'Who may see it',
    visibilityInternal: 'Support staff only',
    visibilityPublic: 'Also the user',
    addNote: 'Add note',
    solution: 'Solution (what fixed it)',
    resolve: 'Mark resolved',
    group: 'Escalate to group',
    reason: 'Reason',
    escalate: 'Escalate',
    reasonCode: 'Why',
    reasonCodes: {
      complaint: 'Customer complaint',
      agreement_at_risk: 'Agreement at risk',
      agreement_broken: 'Agreement broken',
      other: 'Other',
    },
    escalateManager: 'Escalate to manager',
    escalateTo: 'Escalate to',
    escalateToGroup: 'Another group (functional escalation)',
    escalateToManager: 'The manager (hierarchical escalation)',
    chooseEscalation: 'Choose whether the case goes to another group or to the manager.',
    chooseGroup: 'Choose the group to escalate to, or choose the manager above.',
    outsideUnit: 'Unit outside AU IT (when chosen above)',
    nameUnit: 'Name the unit outside AU IT that takes the case over.',
    status: 'New status',
    vendorName: 'Vendor (when awaiting vendor)',
    vendorRef: 'Vendor reference',
    question: 'Question to the user (when awaiting user)',
    setStatus: 'Set status',
    assignee: 'Assign to',
    assigneeEmail: 'E-mail of the person to assign',
    findPerson: 'Type a name or e-mail to find more people',
    assign: 'Assign',
    returnReason: 'What is missing',
    returnToTechnician: 'Return to technician',
    classifyCategory: 'Category',
    classifyType: 'Type',
    classifyPriority: 'Priority',
    classifyReason: 'Reason (optional)',
    classify: 'Classify',
    yes: 'Yes',
  },
};

const da: CardLabels = {
  type: 'Type',
  category: 'Kategori',
  priority: 'Prioritet',
  status: 'Status',
  user: 'Bruger',
  reporter: 'Anmeldt af',
  group: 'Gruppe',
  assignee: 'Ansvarlig',
  sla: 'SLA',
  slaBreached: 'SLA overskredet',
  notes: 'Seneste notater',
  internal: 'intern',
  solution: 'Løsning',
  earlierSolutionsMore: (n) => `… og ${n} tidligere ${n === 1 ? 'løsning' : 'løsninger'}, gemt i sin helhed på sagen`,
  attachments: 'Vedhæftede filer',
  required: 'Udfyld venligst feltet.',
  numberRange: ({ min, max, integer }) => {
    const what = integer ? 'et helt tal' : 'et tal';
    if (min !== undefined && max !== undefined) return `Skriv ${what} fra ${min} til ${max}.`;
    return min !== undefined ? `Skriv ${what} på mindst ${min}.` : `Skriv ${what} på højst ${max}.`;
  },
  more: 'Mere',
  form: {
    noteText: 'Notat',
    visibility: 'Hvem må se det',
    visibilityInternal: 'Kun supporten',
    visibilityPublic: 'Også brugeren',
    addNote: 'Tilføj notat',
    solution: 'Løsning (hvad hjalp)',
    resolve: 'Markér som løst',
    group: 'Eskalér til gruppe',
    reason: 'Begrundelse',
    escalate: 'Eskalér',
    reasonCode: 'Hvorfor',
    reasonCodes: {
      complaint: 'Klage fra kunden',
      agreement_at_risk: 'Aftale i fare',
      agreement_broken: 'Aftale brudt',
      other: 'Andet',
    },
    escalateManager: 'Eskalér til leder',
    escalateTo: 'Eskalér til',
    escalateToGroup: 'En anden gruppe (funktionel eskalering)',
    escalateToManager: 'Lederen (hierarkisk eskalering)',
    chooseEscalation: 'Vælg, om sagen skal til en anden gruppe eller til lederen.',
    chooseGroup: 'Vælg den gruppe, sagen skal eskaleres til, eller vælg lederen ovenfor.',
    outsideUnit: 'Enhed uden for AU IT (når den er valgt ovenfor)',
    nameUnit: 'Skriv navnet på den enhed uden for AU IT, der overtager sagen.',
    status: 'Ny status',
    vendorName: 'Leverandør (ved afventer leverandør)',
    vendorRef: 'Leverandørens reference',
    question: 'Spørgsmål til brugeren (ved afventer bruger)',
    setStatus: 'Sæt status',
    assignee: 'Tildel til',
    assigneeEmail: 'E-mail på den, der skal have sagen',
    findPerson: 'Skriv et navn eller en e-mail for at finde flere',
    assign: 'Tildel',
    returnReason: 'Hvad mangler',
    returnToTechnician: 'Send tilbage til tekniker',
    classifyCategory: 'Kategori',
    classifyType: 'Type',
    classifyPriority: 'Prioritet',
    classifyReason: 'Begrundelse (valgfri)',
    classify: 'Klassificér',
    yes: 'Ja',
  },
};

/** The chrome labels for a locale (Danish or English). */
export function cardLabels(locale: Locale): CardLabels {
  return locale === 'da' ? da : en;
}
