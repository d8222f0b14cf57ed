import type { Case, NewCase, Person } from '../../src/models/case.js';
import { people } from './people.js';

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

/**
 * A VPN case (in English) held and owned by the central dispatch (it-support in config/catalogue.yaml), whose
 * supervisor, Lone Bech Hansen, has nobody above her there: for tests of escalations to a manager.
 */
export function buildDispatchCase(overrides: Partial<NewCase> = {}): NewCase {
  return buildNewCase({
    title: 'VPN drops every ten minutes',
    categoryId: 'vpn',
    groupId: 'it-support',
    ownerGroupId: 'it-support',
    locale: 'en',
    ...overrides,
  });
}

/**
 * A case as a store gives it back (`buildNewCase` plus id, number, times and version; created 2025-03-03 10:00
 * UTC), for tests of code that reads stored cases without a store. `draft` overrides the new case's fields,
 * `overrides` the stored case's.
 */
export function buildCase(overrides: Partial<Case> = {}, draft: Partial<NewCase> = {}): Case {
  const at = '2025-03-03T10:00:00.000Z';
  return {
    ...buildNewCase(draft),
    id: 'case-1',
    number: 'INC-000001',
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...overrides,
  };
}

/**
 * Anna's P2 Wi-Fi case INC-000042 at the ARTS desk, version 7, registered 2025-03-03 09:00 UTC (the case-view
 * tests' case); `draft` adds to or replaces its registration (an SLA, say).
 */
export function annaWifiCase(overrides: Partial<Case> = {}, draft: Partial<NewCase> = {}): Case {
  return buildCase(
    {
      id: 'c1',
      number: 'INC-000042',
      version: 7,
      createdAt: '2025-03-03T09:00:00.000Z',
      updatedAt: '2025-03-03T09:00:00.000Z',
      ...overrides,
    },
    {
      user: people.anna,
      categoryId: 'wifi-eduroam',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      priority: 'P2',
      ...draft,
    },
  );
}
