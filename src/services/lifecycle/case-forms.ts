import {
  type CaseForm,
  MAX_ACTION_TEXT,
  MAX_SHORT_TEXT,
  MAX_UNIT_NAME,
  OUTSIDE_AU_IT,
} from '../../cards/card-actions.js';
import type { ActionView, ClassifyView, FormView, InputView, OptionView } from '../../cards/view-models.js';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { Group } from '../../config/catalogue-schema.js';
import { CASE_TYPES, type Case, type Locale, PRIORITIES } from '../../models/case.js';
import { readOrder } from '../orders/order.js';
import { handedOverOutside } from '../sla/handover-clock.js';
import { assignMenuChoices } from './group-people.js';
import { AVAILABLE } from './permissions.js';
import { categoryLabel, groupLabel, priorityLabel, reasonLabel, statusLabel, typeLabel } from './labels.js';

const T = {
  text: { da: 'Tekst', en: 'Text' },
  visibility: { da: 'Synlighed', en: 'Visibility' },
  internal: { da: 'Intern (kun support)', en: 'Internal (support only)' },
  public: { da: 'Offentlig (sendes til brugeren)', en: 'Public (sent to the user)' },
  addNote: { da: 'Tilføj note', en: 'Add note' },
  solution: { da: 'Løsning (hvad blev gjort)', en: 'Solution (what was done)' },
  resolve: { da: 'Løs sagen', en: 'Resolve' },
  group: { da: 'Gruppe', en: 'Group' },
  outside: { da: 'Uden for AU IT (angiv enheden)', en: 'Outside AU IT (name the unit)' },
  unit: { da: 'Enhed uden for AU IT (når den er valgt ovenfor)', en: 'Unit outside AU IT (when chosen above)' },
  reason: { da: 'Begrundelse', en: 'Reason' },
  reasonCode: { da: 'Årsag (til lederen)', en: 'Reason (for the manager)' },
  toGroup: { da: 'Eskalér til gruppen', en: 'Escalate to group' },
  toManager: { da: 'Eskalér til lederen', en: 'Escalate to the manager' },
  status: { da: 'Ny status', en: 'New status' },
  vendorName: { da: 'Leverandør', en: 'Vendor' },
  vendorRef: { da: 'Leverandørens reference', en: "Vendor's reference" },
  question: { da: 'Spørgsmål til brugeren', en: 'Question for the user' },
  setStatus: { da: 'Sæt status', en: 'Set status' },
  assignee: { da: 'Tildel til', en: 'Assign to' },
  assign: { da: 'Tildel', en: 'Assign' },
  category: { da: 'Kategori', en: 'Category' },
  type: { da: 'Type', en: 'Type' },
  priority: { da: 'Prioritet', en: 'Priority' },
  classifyReason: { da: 'Begrundelse (valgfri)', en: 'Reason (optional)' },
  classify: { da: 'Klassificér', en: 'Classify' },
  findPerson: {
    da: 'Skriv et navn eller en e-mail for at finde flere',
    en: 'Type a name or e-mail to find more people',
  },
} as const;

/** Why a case goes to the manager, in the order the escalation form offers them. */
const REASON_CODES = ['complaint', 'agreement_at_risk', 'agreement_broken', 'other'] as const;

/** The escalation forms' choice of why the case goes to the manager, "Other" chosen until another is. */
function reasonCodeInput(locale: Locale, required: boolean): InputView {
  return {
    id: 'reasonCode',
    kind: 'choice',
    label: T.reasonCode[locale],
    required,
    value: 'other',
    options: REASON_CODES.map((r) => ({ value: r, label: reasonLabel(r, locale) })),
  };
}

/** The escalation choice of the group holding a case handed over outside AU IT (`escalationGroupChoices`). */
const TAKE_BACK: Record<Locale, (group: string, from: string) => string> = {
  da: (group, from) => `${group} (tag tilbage fra ${from})`,
  en: (group, from) => `${group} (take back from ${from})`,
};

/** Each `presentCaseForm` form's inputs by the verb they submit: field → the label the input has there. */
const FORM_FIELD_LABELS: Partial<Record<string, Partial<Record<string, keyof typeof T>>>> = {
  note: { text: 'text', visibility: 'visibility' },
  resolve: { solution: 'solution' },
  escalate_group: { groupId: 'group', unit: 'unit', reasonCode: 'reasonCode', reason: 'reason' },
  escalate_manager: { groupId: 'group', reasonCode: 'reasonCode', reason: 'reason' },
  set_status: { status: 'status', vendorName: 'vendorName', vendorRef: 'vendorRef', question: 'question' },
  assign: { assigneeEmail: 'assignee' },
  classify: { categoryId: 'category', type: 'type', priority: 'priority', reason: 'classifyReason' },
};

/**
 * The label an input of `presentCaseForm`'s form for `verb` has, by the field it submits (`groupId` on the
 * escalation form: "Group"), so an answer about a field names it as the person saw it; undefined for a field that
 * form does not ask for. The card's own sub-forms label their inputs otherwise (`cardLabels`).
 */
export function caseFormLabel(verb: string, field: string, locale: Locale): string | undefined {
  const key = FORM_FIELD_LABELS[verb]?.[field];
  return key ? T[key][locale] : undefined;
}

/**
 * The groups a case may be escalated to (the card's escalation menu, the escalation form): every catalogue group
 * but the one holding the case, in catalogue order, then "Outside AU IT (name the unit)" (`OUTSIDE_AU_IT`: a
 * hand-over to another directorate, PROCESS.md step 6; the forms ask for the unit's name beside it). While the case is handed over outside AU IT
 * (`handedOverOutside`), its own group comes first, "ARTS Support (take back from AU Bygninger)", marked
 * `takeBack`: escalated to it, the hand-over ends (`escalateGroup`).
 */
export function escalationGroupChoices(c: Case, catalogue: CatalogueIndex, locale: Locale): OptionView[] {
  const others: OptionView[] = [
    ...catalogue.catalogue.groups
      .filter((g) => g.id !== c.groupId)
      .map((g) => ({ value: g.id, label: g.name[locale] })),
    { value: OUTSIDE_AU_IT, label: T.outside[locale] },
  ];
  const handed = handedOverOutside(c);
  if (!handed?.toGroupId || !catalogue.group(c.groupId)) return others;
  const own = TAKE_BACK[locale](
    groupLabel(catalogue, c.groupId, locale),
    groupLabel(catalogue, handed.toGroupId, locale),
  );
  return [{ value: c.groupId, label: own, takeBack: true }, ...others];
}

/**
 * The catalogue groups whose supervisors a hierarchical escalation tries, in order (`escalateManager`): the group
 * holding the case, the 1st-level group owning it, the central dispatch (the category's default 1st-level group).
 * The first whose supervisor is not the one escalating gets it; after them, her own manager (the directory's).
 */
export function managerChain(c: Case, catalogue: CatalogueIndex): Group[] {
  const central = catalogue.category(c.categoryId)?.routing.firstLevel?.default;
  return [c.groupId, c.ownerGroupId, central]
    .map((id) => (id === undefined ? undefined : catalogue.group(id)))
    .filter((g) => g !== undefined);
}

/**
 * What staff may set when classifying the case (PROCESS.md steps 2–4), with its current values: every catalogue
 * category, both types and the four priorities by name ("P1 Kritisk"). A resolved case offers no priority (its SLA
 * was measured against it; category and type may still be corrected before it is closed); an equipment order
 * offers no category or type (the order flow and its figures belong to the orders category).
 */
export function classifyView(c: Case, catalogue: CatalogueIndex, locale: Locale): ClassifyView {
  const order = readOrder(c) !== null;
  return {
    categoryId: c.categoryId,
    type: c.type,
    priority: c.priority,
    ...(order
      ? {}
      : {
          categories: catalogue.catalogue.categories.map((k) => ({
            value: k.id,
            label: categoryLabel(catalogue, k.id, locale),
          })),
          types: CASE_TYPES.map((t) => ({ value: t, label: typeLabel(t, locale) })),
        }),
    ...(c.status === 'resolved'
      ? {}
      : { priorities: PRIORITIES.map((p) => ({ value: p, label: priorityLabel(catalogue, p, locale) })) }),
  };
}

/**
 * The form behind an `open_form` action: its inputs are named after the fields of the action they submit
 * (`text`, `visibility`, `solution`, `groupId`, `reason`, `reasonCode`, `status`, `vendorName`, `vendorRef`,
 * `question`, `assigneeEmail`, `categoryId`, `type`, `priority`), and each submit button carries the verb, case id
 * and version. The classify form is pre-set to the case's current values (`classifyView`).
 */
export function presentCaseForm(
  c: Case,
  form: CaseForm,
  catalogue: CatalogueIndex,
  locale: Locale,
  nobodyAbove = false,
): FormView {
  const submit = (verb: string, label: string, style: ActionView['style'] = 'positive'): ActionView => ({
    action: { verb, caseId: c.id, version: c.version },
    label,
    style,
  });
  // Each text input says the limit the parser holds it to (a note's 20 000, a vendor's 500), so Teams and Slack
  // stop typing where the server would refuse.
  const text = (id: string, label: string, required: boolean, multiline = true): InputView => ({
    id,
    kind: multiline ? 'multiline' : 'text',
    label,
    required,
    maxLength: multiline ? MAX_ACTION_TEXT : MAX_SHORT_TEXT,
  });
  const id = `${form}:${c.id}`;
  switch (form) {
    case 'note':
      return {
        id,
        inputs: [
          text('text', T.text[locale], true),
          {
            id: 'visibility',
            kind: 'choice',
            label: T.visibility[locale],
            required: true,
            value: 'internal',
            options: [
              { value: 'internal', label: T.internal[locale] },
              { value: 'public', label: T.public[locale] },
            ],
          },
        ],
        submit: [submit('note', T.addNote[locale])],
      };
    case 'resolve':
      return {
        id,
        inputs: [text('solution', T.solution[locale], true)],
        submit: [submit('resolve', T.resolve[locale])],
      };
    case 'escalate':
      // Another group only while the case is open; a resolved one may still go to the manager (the case service
      // opens the form for that alone: `CaseService.formVerb`), whose form asks for nothing else. (A card offers no
      // such form to whom nobody is above; the form of an older card's button is answered at the click.)
      if (!AVAILABLE.escalate_group(c)) {
        return {
          id,
          inputs: [reasonCodeInput(locale, true), text('reason', T.reason[locale], true)],
          submit: [submit('escalate_manager', T.toManager[locale])],
        };
      }
      // With nobody above the one it is for (`nobodyAboveViewer`), a group only, which the form then needs.
      return {
        id,
        inputs: [
          {
            id: 'groupId',
            kind: 'choice',
            label: T.group[locale],
            required: nobodyAbove,
            options: escalationGroupChoices(c, catalogue, locale),
          },
          { ...text('unit', T.unit[locale], false, false), maxLength: MAX_UNIT_NAME },
          ...(nobodyAbove ? [] : [reasonCodeInput(locale, false)]),
          text('reason', T.reason[locale], true),
        ],
        submit: [
          submit('escalate_group', T.toGroup[locale]),
          ...(nobodyAbove ? [] : [submit('escalate_manager', T.toManager[locale], 'default')]),
        ],
      };
    case 'status':
      return {
        id,
        inputs: [
          {
            id: 'status',
            kind: 'choice',
            label: T.status[locale],
            required: true,
            options: (['in_progress', 'awaiting_vendor', 'awaiting_user'] as const)
              .filter((s) => s !== c.status)
              .map((s) => ({ value: s, label: statusLabel(s, locale) })),
          },
          text('vendorName', T.vendorName[locale], false, false),
          text('vendorRef', T.vendorRef[locale], false, false),
          text('question', T.question[locale], false),
        ],
        submit: [submit('set_status', T.setStatus[locale])],
      };
    case 'assign': {
      const group = catalogue.group(c.groupId);
      const { options, search } = group ? assignMenuChoices(group) : { options: [], search: undefined };
      return {
        id,
        inputs: [
          {
            id: 'assigneeEmail',
            kind: 'choice',
            label: T.assignee[locale],
            required: true,
            options,
            ...(search ? { search, placeholder: T.findPerson[locale] } : {}),
          },
        ],
        submit: [submit('assign', T.assign[locale])],
      };
    }
    case 'classify': {
      const v = classifyView(c, catalogue, locale);
      const pick = (field: string, label: string, options: InputView['options'], value: string): InputView => ({
        id: field,
        kind: 'choice',
        label,
        required: true,
        value,
        options,
      });
      const inputs: InputView[] = [];
      if (v.categories) inputs.push(pick('categoryId', T.category[locale], v.categories, v.categoryId));
      if (v.types) inputs.push(pick('type', T.type[locale], v.types, v.type));
      if (v.priorities) inputs.push(pick('priority', T.priority[locale], v.priorities, v.priority));
      return {
        id,
        inputs: [...inputs, text('reason', T.classifyReason[locale], false)],
        submit: [submit('classify', T.classify[locale])],
      };
    }
  }
}
