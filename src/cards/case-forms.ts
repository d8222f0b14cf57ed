import type { CaseForm } from './card-actions.js';
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
] as const;
export type FormVerb = (typeof FORM_VERBS)[number];

const FORM_OF_OPEN_FORM: Record<CaseForm, FormVerb> = {
  note: 'note',
  resolve: 'resolve',
  escalate: 'escalate_group',
  status: 'set_status',
  assign: 'assign',
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
};

const DEFAULT_MENU_FIELD: Record<string, string> = {
  set_status: 'status',
  escalate_group: 'groupId',
  assign: 'assigneeId',
};

/** The action field a menu's chosen value fills (see `MenuView.field`). */
export function menuField(menu: Pick<MenuView, 'verb' | 'field'>): string {
  return menu.field ?? DEFAULT_MENU_FIELD[menu.verb] ?? 'value';
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

function textInput(verb: FormVerb, field: string, label: string, required: boolean, multiline = true): InputView {
  return {
    id: formInputId(verb, field),
    kind: multiline ? 'multiline' : 'text',
    label,
    required,
    maxLength: multiline ? 20_000 : 500,
  };
}

/**
 * The sub-form for a case action (note, resolve, escalate to a group or a manager, set status, assign, return to
 * technician), built from the card's menus so Teams (`Action.ShowCard`) and Slack (modal) ask the same
 * questions. The submit button carries case id and version. Returns undefined when the form cannot be offered
 * (escalating or setting a status with no options to choose from).
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
      const menu = menuFor(view, verb);
      if (!menu) return undefined;
      return form(
        [choice(verb, 'groupId', l.group, menu.options), textInput(verb, 'reason', l.reason, true)],
        l.escalate,
      );
    }
    case 'escalate_manager': {
      const codes = l.reasonCodes;
      const options = (Object.keys(codes) as (keyof typeof codes)[]).map((value) => ({ value, label: codes[value] }));
      return form(
        [choice(verb, 'reasonCode', l.reasonCode, options), textInput(verb, 'reason', l.reason, true)],
        l.escalateManager,
        'destructive',
      );
    }
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
        ? choice(verb, menuField(menu), l.assignee, menu.options)
        : { id: formInputId(verb, 'assigneeEmail'), kind: 'person', label: l.assigneeEmail, required: true };
      return form([input], l.assign);
    }
    case 'return_to_technician':
      return form([textInput(verb, 'reason', l.returnReason, true)], l.returnToTechnician);
  }
}
