import type { AppConfig } from './config/env.js';
import type { CatalogueIndex } from './config/catalogue-index.js';
import type { Logger } from './logger.js';
import type { BusinessCalendar } from './models/business-calendar.js';
import type { Case, CardRef, Locale } from './models/case.js';
import type { CaseStore } from './models/case-store.js';
import { onlyViewerAbove, presentCase, presentChannelCard, presentMovedCard } from './services/case-view.js';
import type { Clock } from './services/clock.js';
import { createMajorFollowUpRunner } from './services/major/major-follow-up.js';
import type { ManagersAbove } from './services/manager-directory.js';
import type { Delivery } from './services/outbox/deliveries.js';
import type { DispatchSummary } from './services/outbox/dispatcher.js';
import { OutboxDispatcher } from './services/outbox/dispatcher.js';
import type { ChannelTarget, ChatGateway } from './services/ports/chat-gateway.js';
import type { Directory } from './services/ports/directory.js';

/**
 * What the app needs of whoever delivers the outbox: the dispatcher itself (`OUTBOX_DELIVERY=inline`) or the
 * handle of the worker thread that runs one (`worker`).
 */
export interface OutboxControl {
  /** Starts delivering: at once, then every `intervalMs` and whenever kicked. */
  start(intervalMs?: number): void;
  /** A write left messages: deliver them now rather than at the next poll. */
  kick(): void;
  /** Stops delivering once the run in progress has finished. */
  stop(): Promise<void>;
  /** One run (tests, tools): leases a batch, delivers it, reports what happened. */
  runOnce(): Promise<DispatchSummary>;
}

/**
 * Where a group's cards go, for the platforms of `gateways` (read on every call, so gateways added later count):
 * the channel captured when the app was added to it, else the catalogue's binding; none on a platform whose app was
 * removed from the group's team (a binding `removedAt`), whose cards then go as for a group without a channel.
 */
export function channelTargetsFor(
  store: CaseStore,
  catalogue: CatalogueIndex,
  gateways: readonly ChatGateway[],
): (groupId: string) => Promise<ChannelTarget[]> {
  return async (groupId) => {
    const group = catalogue.group(groupId);
    const targets: ChannelTarget[] = [];
    for (const platform of gateways.map((g) => g.platform)) {
      const captured = await store.getRef(`${platform}.channel`, groupId);
      // The app was removed from the channel's team (`TeamsRefs.unbindChannel`): no channel until it is bound again.
      if (typeof captured?.['removedAt'] === 'string') continue;
      if (captured && typeof captured.channelId === 'string') {
        targets.push({
          platform,
          groupId,
          channelId: captured.channelId,
          teamId: typeof captured.teamId === 'string' ? captured.teamId : undefined,
        });
        continue;
      }
      if (platform === 'teams' && group?.channels.teams) {
        targets.push({
          platform,
          groupId,
          channelId: group.channels.teams.channelId,
          teamId: group.channels.teams.teamId,
        });
      }
      if (platform === 'slack' && group?.channels.slack) {
        targets.push({ platform, groupId, channelId: group.channels.slack.channelId });
      }
    }
    return targets;
  };
}

export interface OutboxDispatcherWiring {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  /** The store the dispatcher leases and marks messages in (without the kick-on-write wrapper). */
  store: CaseStore;
  /**
   * The store a major incident's follow-up writes through (with the kick-on-write wrapper, so the messages it
   * leaves go out at once).
   */
  writeStore: CaseStore;
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
  /** One per platform; pushed onto after construction when transports start later. */
  gateways: ChatGateway[];
  directory: Directory;
  /**
   * Whether anyone is above a person outside the catalogue (the managers file, Microsoft Graph), for the case card
   * a message carries to her: asked before it is rendered, so its Escalate menu offers "Manager" exactly when the
   * escalation would reach someone. Without it, such cards offer it as the click decides.
   */
  above?: ManagersAbove;
}

/**
 * The outbox dispatcher as the app runs it, in the main thread or in the delivery worker: channel cards in the
 * deployment's language (the desk reads them, like the thread replies under them), a card sent to one person in
 * theirs, dead letters reported to the supervisors of the 1st-level desks.
 */
export function createOutboxDispatcher(w: OutboxDispatcherWiring): OutboxDispatcher {
  const { config, catalogue, calendar, clock } = w;
  const viewDeps = (locale: Locale = config.defaultLocale) => ({
    catalogue,
    timeZone: config.timeZone,
    locale,
    calendar,
    now: clock.now(),
    publicUrl: config.publicUrl,
    ...(w.above ? { knownNobodyAbove: w.above.knownNobodyAbove } : {}),
  });
  const above = w.above;
  return new OutboxDispatcher({
    store: w.store,
    gateways: w.gateways,
    clock,
    logger: w.logger.child({ part: 'outbox' }),
    renderCard: (c: Case, _platform, groupId, parent) => presentChannelCard(c, viewDeps(), groupId, parent),
    renderCardFor: async (c, viewer, locale, parent) => {
      if (above && onlyViewerAbove(c, viewer, catalogue)) await above.ask(viewer);
      return presentCase(c, viewer, viewDeps(locale), parent);
    },
    renderMovedCard: (c: Case, ref: CardRef) => presentMovedCard(c, ref, viewDeps()),
    channelTargets: channelTargetsFor(w.store, catalogue, w.gateways),
    runMajorFollowUp: createMajorFollowUpRunner({
      store: w.writeStore,
      catalogue,
      calendar,
      clock,
      directory: w.directory,
      timeZone: config.timeZone,
      defaultLocale: config.defaultLocale,
      reopenWindowDays: config.reopenWindowDays,
      publicUrl: config.publicUrl,
      logger: w.logger.child({ part: 'lifecycle' }),
    }),
    directory: w.directory,
    alertLocale: config.defaultLocale,
    alert: (message, about): Delivery[] =>
      alertRecipients(catalogue, about?.groupId).map((person) => ({
        kind: 'send_person' as const,
        person: { id: `email:${person.email}`, name: person.name, email: person.email },
        view: message,
      })),
  });
}

/**
 * Who is told when the outbox gives up on a message (dead letter): the supervisors of the 1st-level desks, who own
 * every case. When the alert is about one group (it has no channel for its case cards), that group's supervisor
 * comes first. Each person once, by e-mail.
 */
function alertRecipients(catalogue: CatalogueIndex, groupId?: string): { name: string; email: string }[] {
  const own = groupId ? catalogue.group(groupId)?.supervisor : undefined;
  const all = [
    ...(own ? [own] : []),
    ...catalogue.firstLevelGroups().flatMap((g) => (g.supervisor ? [g.supervisor] : [])),
  ];
  const seen = new Set<string>();
  return all.filter((p) => {
    const email = p.email.trim().toLowerCase();
    if (seen.has(email)) return false;
    seen.add(email);
    return true;
  });
}
