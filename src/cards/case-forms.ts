import type { Locale } from '../models/case.js';
import {
  type CaseForm,
  cardActionSchema,
  MAX_ACTION_TEXT,
  MAX_EMAIL,
  MAX_SHORT_TEXT,
  MAX_UNIT_NAME,
  OUTSIDE_AU_IT,
} from './card-actions.js';
import { cardLabels } from './card-labels.js';
import type { ActionView, CaseCardView, FormView, InputView, MenuView } from './view-models.js';

/** Case actions that need typed input before they can be submitted. */
export const FORM_VERBS = [
  'note',
  'resolve',
  'escalate_group',
  'escalate_manager',
  'set_status',
  'assign',
  'return_to_technician',
  'classify',
] as const;
export type FormVerb = (typeof FORM_VERBS)[number];

/** The verb an `open_form` action's form submits first (escalation: to a group; the manager is its second button). */
export const FORM_OF_OPEN_FORM: Record<CaseForm, FormVerb> = {
  note: 'note',
  resolve: 'resolve',
  escalate: 'escalate_group',
  status: 'set_status',
  assign: 'assign',
  classify: 'classify',
};

/** Fields a submitted action of each verb must have; when the button lacks them, the card shows a form. */
const REQUIRED_FIELDS: Record<FormVerb, readonly (readonly string[])[]> = {
  note: [['text']],
  resolve: [['solution']],
  escalate_group: [['groupId'], ['reason']],
  escalate_manager: [['reasonCode'], ['reason']],
  set_status: [['status']],
  assign: [['assigneeId', 'assigneeEmail']],
  return_to_technician: [['reason']],
  classify: [['categoryId', 'type', 'priority']],
};

/** The action fields a menu may fill, per verb; the first is the default. */
const MENU_FIELDS: Record<string, readonly string[]> = {
  set_status: ['status'],
  escalate_group: ['groupId'],
  assign: ['assigneeEmail', 'assigneeId'],
  return_to_technician: ['reason'],
};

/** The action field a menu's chosen value fills: its `id` when that is a field of the verb, else the default. */
export function menuField(menu: Pick<MenuView, 'id' | 'verb'>): string {
  const fields = MENU_FIELDS[menu.verb];
  if (!fields) return menu.id;
  return fields.includes(menu.id) ? menu.id : fields[0]!;
}

/**
 * Input ids on case forms are namespaced by verb (`note.text`) so they stay unique when several sub-forms sit on
 * one Adaptive Card; `parseCardAction` folds `<verb>.<field>` back into `<field>`.
 */
export function formInputId(verb: FormVerb, field: string): string {
  return `${verb}.${field}`;
}

function isFormVerb(verb: string): verb is FormVerb {
  return (FORM_VERBS as readonly string[]).includes(verb);
}

/**
 * The form verb a case-card button stands for, or undefined when the button submits as it is: `open_form`
 * buttons always open their form; a form verb opens its form unless the payload already carries every field.
 */
export function formVerbOf(action: ActionView['action']): FormVerb | undefined {
  if (action.verb === 'open_form') {
    const form = action['form'];
    return typeof form === 'string' && form in FORM_OF_OPEN_FORM ? FORM_OF_OPEN_FORM[form as CaseForm] : undefined;
  }
  if (!isFormVerb(action.verb)) return undefined;
  const complete = REQUIRED_FIELDS[action.verb].every((anyOf) => anyOf.some((f) => action[f] !== undefined));
  return complete ? undefined : action.verb;
}

function menuFor(view: CaseCardView, verb: FormVerb): MenuView | undefined {
  return view.menus.find((m) => m.verb === verb && m.options.length > 0);
}

function choice(verb: FormVerb, field: string, label: string, options: InputView['options']): InputView {
  return { id: formInputId(verb, field), kind: 'choice', label, required: true, options };
}

function reasonCodeInput(verb: FormVerb, locale: Locale): InputView {
  const codes = cardLabels(locale).form.reasonCodes;
  const options = (Object.keys(codes) as (keyof typeof codes)[]).map((value) => ({ value, label: codes[value] }));
  return choice(verb, 'reasonCode', cardLabels(locale).form.reasonCode, options);
}

function textInput(verb: FormVerb, field: string, label: string, required: boolean, multiline = true): InputView {
  return {
    id: formInputId(verb, field),
    kind: multiline ? 'multiline' : 'text',
    label,
    required,
    maxLength: multiline ? MAX_ACTION_TEXT : MAX_SHORT_TEXT,
  };
}

/**
 * The sub-form for a case action (note, resolve, escalate to a group or a manager, set status, assign, return to
 * technician, classify), built from the card's menus (classify: from `view.classify`, pre-set to the case's
 * current category, type and priority) so Teams (`Action.ShowCard`) and Slack (modal) ask the same questions.
 * The submit button carries case id and version. Returns undefined when the form cannot be offered (setting a
 * status with no options to choose from, classifying on a card that offers no classification). Input ids are
 * namespaced (`formInputId`).
 */
export function caseFormFor(view: CaseCardView, verb: FormVerb, submitLabel?: string): FormView | undefined {
  const l = cardLabels(view.locale).form;
  const submit = (label: string, style?: ActionView['style']): ActionView[] => [
    {
      action: { verb, caseId: view.caseId, version: view.version },
      label: submitLabel ?? label,
      ...(style ? { style } : {}),
    },
  ];
  const form = (inputs: InputView[], label: string, style?: ActionView['style']): FormView => ({
    id: `${verb}-${view.caseId}`,
    inputs,
    submit: submit(label, style),
  });
  switch (verb) {
    case 'note':
      return form(
        [
          textInput(verb, 'text', l.noteText, true),
          {
            ...choice(verb, 'visibility', l.visibility, [
              { value: 'internal', label: l.visibilityInternal },
              { value: 'public', label: l.visibilityPublic },
            ]),
            value: 'internal',
          },
        ],
        l.addNote,
      );
    case 'resolve':
      return form([textInput(verb, 'solution', l.solution, true)], l.resolve, 'positive');
    case 'escalate_group': {
      // One form for both kinds of escalation (as the lifecycle service's own form): a group for a functional
      // escalation, a reason code for the manager; the reason is needed either way. The group is optional here
      // because the manager needs none: Slack's modal (one submit button) adds a required "Escalate to" choice and
      // asks for the group only when another group is chosen (src/bot/slack/slack-escalation.ts); a Teams card
      // shows each verb's own form with the group required there (`caseSubForms`).
      // With nobody above the viewer (`nobodyAbove`), the form escalates to a group only, which it then needs.
      const menu = menuFor(view, verb);
      if (!menu && view.nobodyAbove) return undefined;
      const inputs: InputView[] = [];
      if (menu) inputs.push({ ...choice(verb, 'groupId', l.group, menu.options), required: !!view.nobodyAbove });
      // A hand-over outside AU IT names the unit (the menu's `OUTSIDE_AU_IT` choice): asked beside the group.
      if (menu?.options.some((o) => o.value === OUTSIDE_AU_IT)) {
        inputs.push({ ...textInput(verb, 'unit', l.outsideUnit, false, false), maxLength: MAX_UNIT_NAME });
      }
      if (!view.nobodyAbove) inputs.push({ ...reasonCodeInput(verb, view.locale), required: false, value: 'other' });
      inputs.push(textInput(verb, 'reason', l.reason, true));
      const manager: ActionView = {
        action: { verb: 'escalate_manager', caseId: view.caseId, version: view.version },
        label: l.escalateManager,
      };
      return {
        id: `${verb}-${view.caseId}`,
        inputs,
        submit: [...(menu ? submit(l.escalate) : []), ...(view.nobodyAbove ? [] : [manager])],
      };
    }
    case 'escalate_manager':
      if (view.nobodyAbove) return undefined;
      return form(
        [reasonCodeInput(verb, view.locale), textInput(verb, 'reason', l.reason, true)],
        l.escalateManager,
        'destructive',
      );
    case 'set_status': {
      const menu = menuFor(view, verb);
      if (!menu) return undefined;
      return form(
        [
          choice(verb, 'status', l.status, menu.options),
          textInput(verb, 'vendorName', l.vendorName, false, false),
          textInput(verb, 'vendorRef', l.vendorRef, false, false),
          textInput(verb, 'question', l.question, false),
        ],
        l.setStatus,
      );
    }
    case 'assign': {
      const menu = menuFor(view, verb);
      const input: InputView = menu
        ? {
            ...choice(verb, menuField(menu), l.assignee, menu.options),
            ...(menu.search ? { search: menu.search, placeholder: l.findPerson } : {}),
          }
        : {
            id: formInputId(verb, 'assigneeEmail'),
            kind: 'person',
            label: l.assigneeEmail,
            required: true,
            maxLength: MAX_EMAIL,
          };
      return form([input], l.assign);
    }
    case 'return_to_technician': {
      const menu = menuFor(view, verb);
      const reason = menu
        ? choice(verb, 'reason', l.returnReason, menu.options)
        : textInput(verb, 'reason', l.returnReason, true);
      return form([reason], l.returnToTechnician);
    }
    case 'classify': {
      const c = view.classify;
      if (!c) return undefined;
      const inputs: InputView[] = [];
      const preset = (field: string, label: string, options: InputView['options'], value: string): InputView => ({
        ...choice(verb, field, label, options),
        value,
      });
      if (c.categories) inputs.push(preset('categoryId', l.classifyCategory, c.categories, c.categoryId));
      if (c.types) inputs.push(preset('type', l.classifyType, c.types, c.type));
      if (c.priorities) inputs.push(preset('priority', l.classifyPriority, c.priorities, c.priority));
      if (inputs.length === 0) return undefined;
      return form([...inputs, textInput(verb, 'reason', l.classifyReason, false)], l.classify);
    }
  }
}

/** The fields an action of `verb` takes (besides verb, case id and version), from its schema. */
function fieldsOf(verb: string): readonly string[] {
  const schema = cardActionSchema.options.find((o) => o.shape.verb.value === verb);
  return schema ? Object.keys(schema.shape).filter((k) => k !== 'verb' && k !== 'caseId' && k !== 'version') : [];
}

function fieldOf(input: InputView): string {
  return input.id.slice(input.id.indexOf('.') + 1);
}

/**
 * The sub-forms of a case action for a card that checks each form's required inputs itself before its button
 * goes (a Teams `Action.ShowCard`: every required input of the form must be filled, whichever of its buttons is
 * pressed): one form per submit verb of `caseFormFor`'s form, each with only the inputs its verb takes (ids
 * namespaced by that verb), required where the verb needs them. Escalation becomes "Escalate" (the group and a
 * reason, both required) and "Escalate to manager" (why and a reason). Slack's modal keeps `caseFormFor`'s single
 * form, its one submit trying the verbs in order; for escalation it asks which kind is meant first (the group is
 * optional in the form, needed when another group is chosen). Empty when the form cannot be offered.
 */
export function caseSubForms(view: CaseCardView, verb: FormVerb, submitLabel?: string): FormView[] {
  const form = caseFormFor(view, verb, submitLabel);
  if (!form) return [];
  return form.submit.map((submit) => {
    const own = submit.action.verb;
    const takes = fieldsOf(own);
    const needs = isFormVerb(own) ? REQUIRED_FIELDS[own] : [];
    const inputs = form.inputs.filter((i) => takes.includes(fieldOf(i)));
    const fields = inputs.map(fieldOf);
    return {
      id: form.submit.length > 1 ? `${form.id}-${own}` : form.id,
      inputs: inputs.map((input) => {
        const field = fieldOf(input);
        // Needed: the verb's only way to give this field (of "one of" fields, the only one this form asks for).
        const needed = needs.some(
          (anyOf) => anyOf.includes(field) && anyOf.every((f) => f === field || !fields.includes(f)),
        );
        return {
          ...input,
          id: isFormVerb(own) ? formInputId(own, field) : input.id,
          required: input.required || needed,
        };
      }),
      submit: [submit],
    };
  });
}
