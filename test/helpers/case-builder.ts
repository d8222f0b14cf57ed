import type { NewCase, Person } from '../../src/models/case.js';

/** A person with a platform-qualified id; `key` makes id, name and e-mail distinct. */
export function buildPerson(key = 'anna', overrides: Partial<Person> = {}): Person {
  return {
    id: `teams:${key}`,
    name: `${key.charAt(0).toUpperCase()}${key.slice(1)} Jensen`,
    email: `${key}@au.dk`,
    locale: 'da',
    ...overrides,
  };
}

/**
 * A valid, open incident in the service desk's pile (registered, P3, nobody assigned, no timer). Pass
 * overrides for whatever a test is about; nested objects are replaced, not merged.
 */
export function buildNewCase(overrides: Partial<NewCase> = {}): NewCase {
  return {
    type: 'incident',
    title: 'Printer on floor 2 does not print',
    description: 'The printer in building 1481 shows a paper jam that is not there.',
    categoryId: 'printing',
    answers: { building: '1481' },
    priority: 'P3',
    impact: 'low',
    urgency: 'medium',
    status: 'registered',
    user: buildPerson('anna'),
    ownerGroupId: 'servicedesk',
    groupId: 'servicedesk',
    notes: [],
    escalations: [],
    sla: {
      responseTargetMinutes: 240,
      resolutionTargetMinutes: 2400,
      pausedIntervals: [],
      breaches: [],
      fired: [],
    },
    reopenCount: 0,
    cards: [],
    intakeChannel: 'teams',
    locale: 'da',
    quick: false,
    history: [],
    ...overrides,
  };
}
