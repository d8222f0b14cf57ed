import { fileURLToPath } from 'node:url';
import { type CatalogueIndex, createCatalogueIndex } from '../../src/config/catalogue-index.js';
import { loadCatalogue } from '../../src/config/load-catalogue.js';
import { BusinessCalendar } from '../../src/models/business-calendar.js';
import type { CardRef, NewCase } from '../../src/models/case.js';
import { startSla } from '../../src/models/sla.js';

/** The repository's catalogue (`config/catalogue.yaml`) and its business calendar, in Copenhagen time. */
export function benchCatalogue(): { catalogue: CatalogueIndex; calendar: BusinessCalendar } {
  const catalogue = createCatalogueIndex(
    loadCatalogue(fileURLToPath(new URL('../../config/catalogue.yaml', import.meta.url))),
  );
  return { catalogue, calendar: BusinessCalendar.fromConfig(catalogue.catalogue.calendar, 'Europe/Copenhagen') };
}

/**
 * A registered P3 Wi-Fi incident of user `i` in `groupId`, as intake would store it (no timer stamped), with the
 * channel cards the outbox would have posted for it in the group's Teams and Slack channels (so thread replies
 * and card updates after a claim have somewhere to go).
 */
export function benchCase(
  i: number,
  createdAt: string,
  catalogue: CatalogueIndex,
  calendar: BusinessCalendar,
  groupId = 'arts-support',
): NewCase {
  const user = { id: `teams:user-${i}`, name: `User ${i}`, email: `user${i}@cas.au.dk` };
  return {
    type: 'incident',
    title: `Case ${i}`,
    description: 'Benchmark case',
    categoryId: 'wifi-eduroam',
    answers: {},
    priority: 'P3',
    status: 'registered',
    user,
    ownerGroupId: groupId,
    groupId,
    notes: [],
    escalations: [],
    sla: startSla(catalogue.priorityLevel('P3'), createdAt, calendar),
    createdAt,
    reopenCount: 0,
    cards: channelCards(catalogue, groupId, i),
    intakeChannel: 'teams',
    locale: 'da',
    quick: false,
    history: [{ at: createdAt, actor: user, action: 'register', to: 'registered' }],
  };
}

function channelCards(catalogue: CatalogueIndex, groupId: string, i: number): CardRef[] {
  const channels = catalogue.group(groupId)?.channels;
  const cards: CardRef[] = [];
  const messageId = `17${String(i).padStart(11, '0')}`;
  if (channels?.teams) {
    const { channelId } = channels.teams;
    cards.push({
      platform: 'teams',
      groupId,
      channelId,
      messageId,
      conversationId: `${channelId};messageid=${messageId}`,
      active: true,
    });
  }
  if (channels?.slack) {
    const { channelId } = channels.slack;
    cards.push({
      platform: 'slack',
      groupId,
      channelId,
      messageId: `1700000000.${i}`,
      conversationId: channelId,
      active: true,
    });
  }
  return cards;
}
