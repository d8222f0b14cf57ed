import { pino } from 'pino';
import type { CaseCardView } from '../../src/cards/view-models.js';
import type { CatalogueIndex } from '../../src/config/catalogue-index.js';
import type { CaseStore } from '../../src/models/case-store.js';
import { presentChannelCard, presentMovedCard } from '../../src/services/case-view.js';
import { ManualClock } from '../../src/services/clock.js';
import { OutboxDispatcher } from '../../src/services/outbox/dispatcher.js';
import type { ChannelTarget } from '../../src/services/ports/chat-gateway.js';
import { type CallOf, RecordingGateway } from './recording-gateway.js';

/** The verbs of a card's buttons and menus (none for no card). */
export const verbsOf = (card: CaseCardView | undefined): string[] => [
  ...(card?.actions.map((a) => a.action.verb) ?? []),
  ...(card?.menus.map((m) => m.verb) ?? []),
];

/** A real outbox dispatcher delivering channel cards (English) to a recording Teams gateway. */
export interface ChannelCardOutbox {
  teams: RecordingGateway;
  dispatcher: OutboxDispatcher;
  /** Delivers until nothing is left (at most 10 rounds). */
  settle(): Promise<void>;
  /** The cards posted into one channel. */
  postsTo(channelId: string): CallOf<'postCaseCard'>[];
  /** The last card a channel got, posted or updated. */
  lastCard(channelId: string): CaseCardView | undefined;
}

/**
 * The outbox of `store` as the app wires it for channel cards (`presentChannelCard` per channel group, moved
 * cards), with one Teams channel per group from `channels` (by group id).
 */
export function channelCardOutbox(
  store: CaseStore,
  catalogue: CatalogueIndex,
  channels: Record<string, ChannelTarget[]>,
): ChannelCardOutbox {
  const teams = new RecordingGateway('teams');
  const viewDeps = { catalogue, timeZone: 'Europe/Copenhagen', locale: 'en' as const };
  const dispatcher = new OutboxDispatcher({
    store,
    gateways: [teams],
    // The store stamps the outbox with the wall clock: deliver a minute ahead of it.
    clock: new ManualClock(new Date(Date.now() + 60_000)),
    logger: pino({ level: 'silent' }),
    renderCard: (c, _platform, groupId) => presentChannelCard(c, viewDeps, groupId),
    renderMovedCard: (c, ref) => presentMovedCard(c, ref, viewDeps),
    channelTargets: async (groupId) => channels[groupId] ?? [],
    alert: () => [],
    random: () => 0.5,
  });
  return {
    teams,
    dispatcher,
    async settle() {
      for (let i = 0; i < 10; i++) if ((await dispatcher.runOnce()).sent === 0) return;
    },
    postsTo: (channelId) => teams.deliveredOf('postCaseCard').filter((call) => call.target.channelId === channelId),
    lastCard(channelId) {
      let card: CaseCardView | undefined;
      for (const call of teams.delivered) {
        if (call.method === 'postCaseCard' && call.target.channelId === channelId) card = call.card;
        if (call.method === 'updateCaseCard' && call.ref.channelId === channelId) card = call.card;
      }
      return card;
    },
  };
}
