import { slackPersonRefs } from '../../src/bot/slack/slack-ref-people.js';
import { teamsPersonRefs } from '../../src/bot/teams/teams-ref-people.js';
import type { OutboxMessage } from '../../src/models/case-store.js';
import { toDelivery } from '../../src/services/outbox/deliveries.js';
import { PrivacyService, type PrivacyServiceDeps } from '../../src/services/privacy/privacy-service.js';

/**
 * The privacy service over a test's services (`buildServices`, `buildOrderServices`), wired as the app wires it:
 * English by default, and both platforms' person records (Teams' and Slack's); `overrides` for what a test wires
 * otherwise (e.g. Teams' records only).
 */
export function privacyFor(
  s: Pick<PrivacyServiceDeps, 'store' | 'catalogue' | 'clock'>,
  overrides: Partial<PrivacyServiceDeps> = {},
): PrivacyService {
  return new PrivacyService({
    store: s.store,
    catalogue: s.catalogue,
    clock: s.clock,
    defaultLocale: 'en',
    personRefs: [...teamsPersonRefs, ...slackPersonRefs],
    ...overrides,
  });
}

/** The outbox messages among `messages` that go to the person with this id in person (any state). */
export function pingsTo(messages: readonly OutboxMessage[], personId: string): OutboxMessage[] {
  return messages.filter((m) => {
    const d = toDelivery(m.kind, m.payload);
    return d.kind === 'send_person' && d.person.id === personId;
  });
}
