import type { Priorities } from '../config/catalogue-schema.js';
import type { Level, Locale, Priority } from './case.js';

/** The catalogue's impact x urgency table: `matrix[impact][urgency]`. */
export type PriorityMatrix = Priorities['matrix'];

/** The priority the catalogue's matrix gives an impact and an urgency (ITIL: priority = impact x urgency). */
export function priorityFrom(matrix: PriorityMatrix, impact: Level, urgency: Level): Priority {
  return matrix[impact][urgency];
}

export interface LevelChoice {
  value: Level;
  label: string;
}

/**
 * Urgency in the user's own words: people cannot judge "urgency", but they know whether they can work. Asked of
 * every reporter; ordered most urgent first.
 */
const URGENCY_LABELS: Record<Locale, Record<Level, string>> = {
  en: {
    high: 'I cannot work at all / many people are affected',
    medium: 'I can work, but slowly or with a workaround',
    low: 'It is inconvenient, but it can wait',
  },
  da: {
    high: 'Jeg kan slet ikke arbejde / mange er ramt',
    medium: 'Jeg kan arbejde, men langsomt eller med en nødløsning',
    low: 'Det er generende, men det kan vente',
  },
};

/** Impact for staff forms (how widely the service is hit); ordered widest first. */
const IMPACT_LABELS: Record<Locale, Record<Level, string>> = {
  en: {
    high: 'A whole service, department or many people',
    medium: 'A group of people or one important function',
    low: 'One person',
  },
  da: {
    high: 'En hel tjeneste, en afdeling eller mange personer',
    medium: 'En gruppe personer eller en vigtig funktion',
    low: 'Én person',
  },
};

const ORDER: readonly Level[] = ['high', 'medium', 'low'];

/** The urgency question's options in plain words, most urgent first. */
export function urgencyChoices(locale: Locale): LevelChoice[] {
  return ORDER.map((value) => ({ value, label: URGENCY_LABELS[locale][value] }));
}

/** The impact question's options (staff forms), widest first. */
export function impactChoices(locale: Locale): LevelChoice[] {
  return ORDER.map((value) => ({ value, label: IMPACT_LABELS[locale][value] }));
}
