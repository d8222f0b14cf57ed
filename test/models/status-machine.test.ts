import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseStatus } from '../../src/models/case.js';
import {
  checkTransition,
  type Role,
  slaPausedIn,
  systemState,
  type TransitionInput,
  targetsFor,
} from '../../src/models/status-machine.js';

const ALL_ROLES: Role[] = ['user', 'reporter', 'first_level', 'group_member', 'supervisor', 'case_owner', 'admin'];
const STAFF: Role[] = ['first_level', 'group_member', 'supervisor', 'case_owner', 'admin'];

/** The process as the test reads it from PROCESS.md, written out independently of `TRANSITIONS`. */
const EXPECTED: Record<string, Role[]> = {
  'registered>assigned': STAFF,
  'registered>in_progress': STAFF,
  'assigned>in_progress': STAFF,
  'in_progress>awaiting_vendor': STAFF,
  'awaiting_vendor>in_progress': STAFF,
  'in_progress>awaiting_user': STAFF,
  'awaiting_user>in_progress': ALL_ROLES,
  'registered>resolved': STAFF,
  'assigned>resolved': STAFF,
  'in_progress>resolved': STAFF,
  'awaiting_vendor>resolved': STAFF,
  'awaiting_user>resolved': STAFF,
  'resolved>closed': ['first_level'],
  'resolved>in_progress': ALL_ROLES,
  'closed>in_progress': ['user', 'reporter'],
};

const RESOLVED_AT = '2025-03-03T10:00:00.000Z';

function input(overrides: Partial<TransitionInput>): TransitionInput {
  return {
    from: 'in_progress',
    to: 'resolved',
    actorRoles: ['group_member'],
    hasSolution: true,
    resolvedAt: RESOLVED_AT,
    now: '2025-03-04T10:00:00.000Z',
    reopenWindowDays: 14,
    ...overrides,
  };
}

const matrix = CASE_STATUSES.flatMap((from) =>
  CASE_STATUSES.flatMap((to) => ALL_ROLES.map((role) => ({ from, to, role }))),
);

describe('checkTransition', () => {
  it.each(matrix)('answers per the process when $role moves $from -> $to', ({ from, to, role }) => {
    const result = checkTransition(input({ from, to, actorRoles: [role] }));
    const allowed = EXPECTED[`${from}>${to}`];
    if (!allowed) {
      expect(result).toEqual({ ok: false, code: 'CASE.INVALID_TRANSITION' });
    } else if (allowed.includes(role)) {
      expect(result).toEqual({ ok: true });
    } else {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.code).toBe('CASE.FORBIDDEN');
      expect([...(result.allowedRoles ?? [])].sort()).toEqual([...allowed].sort());
    }
  });

  it('refuses a transition when the actor holds no role at all', () => {
    const result = checkTransition(input({ actorRoles: [] }));
    expect(result).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
  });

  it('allows a transition when any one of several roles is allowed', () => {
    expect(checkTransition(input({ from: 'resolved', to: 'closed', actorRoles: ['user', 'first_level'] }))).toEqual({
      ok: true,
    });
  });

  describe('solution guard', () => {
    it.each(['registered', 'assigned', 'in_progress', 'awaiting_vendor', 'awaiting_user'] as CaseStatus[])(
      'requires a solution when resolving from %s',
      (from) => {
        expect(checkTransition(input({ from, to: 'resolved', hasSolution: false }))).toEqual({
          ok: false,
          code: 'CASE.SOLUTION_REQUIRED',
        });
      },
    );

    it('requires a documented solution when 1st level closes', () => {
      const result = checkTransition(
        input({ from: 'resolved', to: 'closed', actorRoles: ['first_level'], hasSolution: false }),
      );
      expect(result).toEqual({ ok: false, code: 'CASE.SOLUTION_REQUIRED' });
    });

    it('lets 1st level return the case to the technician when the solution is missing', () => {
      const result = checkTransition(
        input({ from: 'resolved', to: 'in_progress', actorRoles: ['first_level'], hasSolution: false }),
      );
      expect(result).toEqual({ ok: true });
    });

    it('reports the role problem first when a user tries to resolve without a solution', () => {
      const result = checkTransition(input({ actorRoles: ['user'], hasSolution: false }));
      expect(result).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
    });
  });

  describe('reopen window', () => {
    const reopen = (overrides: Partial<TransitionInput>) =>
      checkTransition(input({ from: 'resolved', to: 'in_progress', actorRoles: ['user'], ...overrides }));

    it('lets the user reopen when inside the window', () => {
      expect(reopen({ now: '2025-03-10T10:00:00.000Z' })).toEqual({ ok: true });
      expect(reopen({ now: '2025-03-17T10:00:00.000Z' })).toEqual({ ok: true }); // exactly 14 days
    });

    const reopenClosed = (overrides: Partial<TransitionInput>) => reopen({ from: 'closed', ...overrides });

    it('refuses the user when the window has passed since the closed case was resolved', () => {
      expect(reopenClosed({ now: '2025-03-17T10:00:00.001Z' })).toEqual({
        ok: false,
        code: 'CASE.REOPEN_WINDOW_PASSED',
      });
      expect(reopenClosed({ actorRoles: ['reporter'], now: '2025-04-01T00:00:00.000Z' })).toEqual({
        ok: false,
        code: 'CASE.REOPEN_WINDOW_PASSED',
      });
    });

    it('lets the user and the reporter reopen a case still resolved (not closed) however long ago', () => {
      // P4 auto-closes after 10 business days: more than 14 calendar days when holidays fall between.
      expect(reopen({ now: '2025-03-17T10:00:00.001Z' })).toEqual({ ok: true });
      expect(reopen({ actorRoles: ['reporter'], now: '2025-06-01T00:00:00.000Z' })).toEqual({ ok: true });
    });

    it('uses the configured number of days when the window is shorter', () => {
      expect(reopenClosed({ reopenWindowDays: 0, now: RESOLVED_AT })).toEqual({ ok: true });
      expect(reopenClosed({ reopenWindowDays: 0, now: '2025-03-03T10:00:01.000Z' })).toMatchObject({
        code: 'CASE.REOPEN_WINDOW_PASSED',
      });
    });

    it.each(STAFF)('lets %s reopen a resolved case when the window has passed', (role) => {
      expect(reopen({ actorRoles: [role], now: '2025-12-01T00:00:00.000Z' })).toEqual({ ok: true });
    });

    it('lets a staff member who is also the user reopen when the window has passed', () => {
      expect(reopen({ actorRoles: ['user', 'group_member'], now: '2025-12-01T00:00:00.000Z' })).toEqual({ ok: true });
    });

    it('applies the window when the user reopens a closed case', () => {
      const base = { from: 'closed' as const, to: 'in_progress' as const, actorRoles: ['user' as Role] };
      expect(checkTransition(input({ ...base, now: '2025-03-12T00:00:00.000Z' }))).toEqual({ ok: true });
      expect(checkTransition(input({ ...base, now: '2025-03-20T00:00:00.000Z' }))).toEqual({
        ok: false,
        code: 'CASE.REOPEN_WINDOW_PASSED',
      });
    });

    it('allows the reopen of a closed case when resolvedAt is unknown', () => {
      expect(reopenClosed({ resolvedAt: undefined, now: '2030-01-01T00:00:00.000Z' })).toEqual({ ok: true });
    });

    it('refuses the reopen of a closed case when now is not a date', () => {
      expect(reopenClosed({ now: 'yesterday' })).toMatchObject({ code: 'CASE.REOPEN_WINDOW_PASSED' });
    });
  });
});

describe('targetsFor', () => {
  it('offers the user only the reopen when the case is resolved', () => {
    expect(targetsFor('resolved', ['user'])).toEqual(['in_progress']);
  });

  it('offers 1st level close and return when the case is resolved', () => {
    expect(targetsFor('resolved', ['first_level']).sort()).toEqual(['closed', 'in_progress']);
  });

  it('offers staff the waiting states and resolve when work is in progress', () => {
    expect(targetsFor('in_progress', ['group_member']).sort()).toEqual([
      'awaiting_user',
      'awaiting_vendor',
      'resolved',
    ]);
  });

  it('offers nothing when the actor has no role', () => {
    expect(targetsFor('registered', [])).toEqual([]);
  });
});

describe('slaPausedIn', () => {
  it.each(CASE_STATUSES)('pauses only when the status is awaiting_user (%s)', (status) => {
    expect(slaPausedIn(status)).toBe(status === 'awaiting_user');
  });
});

describe('systemState', () => {
  it.each([
    ['registered', 'Open'],
    ['assigned', 'Open'],
    ['in_progress', 'Open'],
    ['awaiting_vendor', 'Open'],
    ['awaiting_user', 'Waiting'],
    ['resolved', 'Ready to close'],
    ['closed', 'Closed'],
  ] as [CaseStatus, string][])('maps %s to %s', (status, state) => {
    expect(systemState(status)).toBe(state);
  });
});
