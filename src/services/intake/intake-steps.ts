import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { Question } from '../../config/catalogue-schema.js';
import type { IntakeState, StepId } from './intake-state.js';

/** The question id of a `q:<id>` step, or undefined for other steps. */
export function questionIdOf(step: StepId): string | undefined {
  return step.startsWith('q:') ? step.slice(2) : undefined;
}

/** The question guide of the chosen category (standard what/where/who/when first); empty before a category. */
export function questionsOf(state: IntakeState, catalogue: CatalogueIndex): readonly Question[] {
  if (!state.categoryId || !catalogue.category(state.categoryId)) return [];
  return catalogue.questionsFor(state.categoryId);
}

/** The question a step asks, if it is a question step of the current guide. */
export function questionOf(state: IntakeState, catalogue: CatalogueIndex, step: StepId): Question | undefined {
  const id = questionIdOf(step);
  return id === undefined ? undefined : questionsOf(state, catalogue).find((q) => q.id === id);
}

/**
 * The steps of this conversation in order. It depends on the mode and on what is known: the person step only
 * when a directory search found several people, the describe step only when the conversation began without a
 * description, the questions only once a category is chosen. Template cases skip the type, known-solution and
 * urgency steps (the template sets them); quick cases are one step.
 */
export function stepsOf(state: IntakeState, catalogue: CatalogueIndex): StepId[] {
  if (state.mode === 'quick') return ['quick'];
  const steps: StepId[] = [];
  if (state.onBehalf) {
    if (state.onBehalf.candidates.length > 1) steps.push('person');
    steps.push('channel');
  }
  const questions = questionsOf(state, catalogue).map((q): StepId => `q:${q.id}`);
  if (state.mode === 'template') {
    steps.push('template', ...questions, 'summary');
    return steps;
  }
  if (state.askDescribe) steps.push('describe');
  steps.push('category', 'type', ...questions, 'knowledge', 'urgency', 'summary');
  return steps;
}

/** Whether a step has its answer (the summary never has: it is where the flow waits for the confirmation). */
export function isComplete(state: IntakeState, step: StepId): boolean {
  const qid = questionIdOf(step);
  if (qid !== undefined) return Object.hasOwn(state.answers, qid);
  switch (step) {
    case 'describe':
      return state.text !== undefined;
    case 'person':
      return state.onBehalf?.user !== undefined;
    case 'channel':
      return state.onBehalf?.channel !== undefined;
    case 'category':
      return state.categoryId !== undefined;
    case 'type':
      return state.typeConfirmed;
    case 'knowledge':
      return state.knowledge?.done === true;
    case 'urgency':
      return state.urgency !== undefined;
    case 'template':
      return state.template !== undefined;
    default:
      return false;
  }
}

/**
 * The step after the current one: the next step in order still without an answer (answered ones, e.g. after
 * "back" or pre-filled by a template, are passed over), else the summary. While editing from the summary it is
 * the first unanswered step anywhere (a changed category brings its new questions), else the summary.
 */
export function nextStep(state: IntakeState, catalogue: CatalogueIndex): StepId {
  const steps = stepsOf(state, catalogue);
  const at = state.editing ? -1 : steps.indexOf(state.step);
  return steps.slice(at + 1).find((s) => !isComplete(state, s)) ?? 'summary';
}
