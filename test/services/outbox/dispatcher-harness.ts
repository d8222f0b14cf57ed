import { pino } from 'pino';
import type { CaseCardView, MessageView } from '../../../src/cards/view-models.js';
import type { Case, CardRef, Platform } from '../../../src/models/case.js';
import type { CaseStore } from '../../../src/models/case-store.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import type { Delivery } from '../../../src/services/outbox/deliveries.js';
import { OutboxDispatcher, type OutboxDispatcherDeps } from '../../../src/services/outbox/dispatcher.js';
import type { ChannelTarget } from '../../../src/services/ports/chat-gateway.js';
import { RecordingGateway } from '../../helpers/recording-gateway.js';

/** Channel bindings of the two test groups, on both platforms. */
export const CHANNELS: Record<string, ChannelTarget[]> = {
  servicedesk: [
    { platform: 'teams', groupId: 'servicedesk', teamId: 'team-it', channelId: '19:servicedesk@thread.tacv2' },
    { platform: 'slack', groupId: 'servicedesk', channelId: 'C0SERVICE' },
  ],
  network: [
    { platform: 'teams', groupId: 'network', teamId: 'team-it', channelId: '19:network@thread.tacv2' },
    { platform: 'slack', groupId: 'network', channelId: 'C0NETWORK' },
  ],
};

/** Where dead-letter alerts go in these tests. */
export const ALERT_PERSON = { id: 'teams:firstline-lead', name: 'Lene Leder' };

/** A case card good enough to tell which case, version and platform it was rendered for. */
export function renderTestCard(c: Case, platform: Platform, banner?: string): CaseCardView {
  return {
    kind: 'case',
    locale: c.locale,
    caseId: c.id,
    number: c.number,
    version: c.version,
    title: `${c.title} (${platform})`,
    typeLabel: c.type,
    categoryLabel: c.categoryId,
    priority: c.priority,
    priorityLabel: c.priority,
    status: c.status,
    statusLabel: c.status,
    userLabel: c.user.name,
    groupLabel: c.groupId,
    breached: false,
    notes: [],
    facts: [],
    actions: [],
    menus: [],
    ...(banner ? { banner } : {}),
  };
}

export function message(text: string): MessageView {
  return { kind: 'message', locale: 'da', text };
}

export interface Harness {
  store: CaseStore;
  clock: ManualClock;
  teams: RecordingGateway;
  slack: RecordingGateway;
  dispatcher: (overrides?: Partial<OutboxDispatcherDeps>) => OutboxDispatcher;
  deps: (overrides?: Partial<OutboxDispatcherDeps>) => OutboxDispatcherDeps;
}

/**
 * An in-memory SQLite store, a manual clock a minute ahead of real time (the store stamps enqueued messages
 * with real time, so they are due at once), a recording gateway per platform and a dispatcher factory with
 * deterministic jitter (0.5).
 */
export async function createHarness(): Promise<Harness> {
  const store = new SqliteCaseStore({ file: ':memory:' });
  await store.init();
  const clock = new ManualClock(new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000));
  const teams = new RecordingGateway('teams');
  const slack = new RecordingGateway('slack');
  const deps = (overrides: Partial<OutboxDispatcherDeps> = {}): OutboxDispatcherDeps => ({
    store,
    gateways: [teams, slack],
    clock,
    logger: pino({ level: 'silent' }),
    renderCard: (c, platform) => renderTestCard(c, platform),
    renderMovedCard: (c: Case, ref: CardRef, platform) => renderTestCard(c, platform, `moved from ${ref.groupId}`),
    channelTargets: async (groupId) => CHANNELS[groupId] ?? [],
    alert: (view): Delivery[] => [{ kind: 'send_person', person: ALERT_PERSON, view }],
    owner: 'test-dispatcher',
    random: () => 0.5,
    ...overrides,
  });
  return { store, clock, teams, slack, deps, dispatcher: (overrides) => new OutboxDispatcher(deps(overrides)) };
}
