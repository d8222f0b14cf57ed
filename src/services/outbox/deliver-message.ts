import type { Logger } from 'pino';
import type { CaseCardView, MessageView } from '../../cards/view-models.js';
import {
  type Case,
  type CardRef,
  type Locale,
  namesNobody,
  OPEN_STATUSES,
  type Platform,
  type PersonRef,
} from '../../models/case.js';
import type { CaseStore, OutboxDraft, OutboxMessage } from '../../models/case-store.js';
import { isAppError } from '../../models/errors.js';
import { isBackWithOwner, workingCards } from '../case-view.js';
import type { Clock } from '../clock.js';
import { lacksOwnerCard } from '../lifecycle/owner-card.js';
import { type ChannelTarget, type ChatGateway, DeliveryError } from '../ports/chat-gateway.js';
import type { Directory } from '../ports/directory.js';
import { unboundGroupAlertView } from './dead-letter-alert.js';
import { type Delivery, draft, type MajorFollowUp, toDelivery } from './deliveries.js';
import { type DeliveryLease, LeaseLost, UNLEASED } from './lease.js';

/** What delivering one outbox message needs; a subset of the dispatcher's dependencies. */
export interface DeliverDeps {
  store: CaseStore;
  gateways: readonly ChatGateway[];
  clock: Clock;
  logger: Logger;
  /**
   * The working case card in the channel of group `groupId` (default: the group holding the case). The deliverer
   * passes the card's group, which is the owner group's for the owner's card of a case back with it
   * (`workingCards`).
   */
  renderCard: (c: Case, platform: Platform, groupId?: string, parent?: MajorParent) => CaseCardView;
  /**
   * The case card for one person in their language (the card a `send_person` with `caseCardFor` carries). Without
   * it such a message gets the group's channel card (`renderCard`) of the platform that reaches the person.
   */
  renderCardFor?: (
    c: Case,
    viewer: PersonRef,
    locale: Locale,
    parent?: MajorParent,
  ) => CaseCardView | Promise<CaseCardView>;
  /** The card of a channel the case has left (not among `workingCards`): where it went, no actions. */
  renderMovedCard: (c: Case, ref: CardRef, platform: Platform) => CaseCardView;
  channelTargets: (groupId: string) => Promise<ChannelTarget[]>;
  /**
   * Runs a major incident's follow-up (`major_follow_up`) again: the fan-out or the resolving of linked cases,
   * idempotent. Passed in by the composition root (the outbox does not know the major-incident module). Without
   * it such messages are acknowledged as skipped, with a warning.
   */
  runMajorFollowUp?: (followUp: MajorFollowUp) => Promise<Record<string, unknown>>;
  /**
   * Finds a person addressed only by e-mail (`email:…`: nobody of that address was known to the bot when the
   * message was written, e.g. a supervisor in a dead-letter alert or a group member in the digest) on a platform
   * at delivery time. Without it, or when nobody is found, such a message cannot be delivered.
   */
  directory?: Directory;
  /**
   * Who is told that a group has no channel for its case cards (`about.groupId`); the deliveries are enqueued like
   * any other message. Without it nobody is told (the log still says so).
   */
  alert?: (message: MessageView, about?: { groupId: string }) => Delivery[];
  /** Language of that alert (default `da`). */
  alertLocale?: Locale;
}

/**
 * How long after a group's first card post without a channel its alert goes out: the cases of a burst are counted
 * in one alert, and an admin who binds the channel at once causes none.
 */
const UNBOUND_ALERT_DELAY_MS = 60_000;
/**
 * How often the channel of a group without one is looked for again while any of its open cases has no card; found,
 * those cards are posted. Looks are written for fixed slots of this length, so several posts share one look. The
 * alert tells its readers this interval.
 */
export const UNBOUND_CHECK_MS = 5 * 60_000;
/** The people responsible are told about a group without a channel at most once in this long (24 h). */
const UNBOUND_ALERT_PERIOD_MS = 24 * 3_600_000;
/** Keys of a group's alert and looks start with this and the group id. */
const UNBOUND_PREFIX = 'unbound:';
/** The store's record (`putRef`) of when the group's last no-channel alert went out, per group id. */
const UNBOUND_REF = 'outbox.unbound';

/** A group's alert and look (`group_unbound`). */
type UnboundGroup = Extract<Delivery, { kind: 'group_unbound' }>;

/**
 * A thread reply may name the one card thread it is for: earlier versions wrote such a message of its own for each
 * thread a reply had not reached when it reached others. Still delivered, for those left pending at an upgrade;
 * now the reply itself is retried, keeping the threads it reached (`PartlyDelivered`).
 */
type ThreadReply = Extract<Delivery, { kind: 'thread_reply' }> & { only?: ThreadDone };

/** A personal message, possibly asking for a case card rendered at delivery. */
type PersonMessage = Extract<Delivery, { kind: 'send_person' }>;

/** Likewise a group message may name the one channel it is still owed to (written by earlier versions). */
type GroupMessage = Extract<Delivery, { kind: 'post_group_message' }> & {
  only?: { platform: Platform; channelId: string };
};

/** A card thread a reply went into: the card's platform and message id. */
interface ThreadDone {
  platform: Platform;
  messageId: string;
}

/** A channel a group message went into. */
interface ChannelDone {
  platform: Platform;
  channelId: string;
  messageId?: string;
}

/**
 * Thrown when a message for several threads or channels reached some of them but not all. The dispatcher retries
 * or dead-letters the message as for `cause`, and keeps `progress` on it (its `result`): the next attempt goes only
 * to the others. So the message keeps its place in its case's order — the case's later messages wait for it as for
 * any retry — and no thread or channel gets it twice.
 */
export class PartlyDelivered extends Error {
  readonly progress: Record<string, unknown>;

  constructor(cause: unknown, progress: Record<string, unknown>) {
    super(`partly delivered: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PartlyDelivered';
    this.progress = progress;
  }
}

/** How many times a card-ref write is retried when the case changed meanwhile. */
const MAX_REF_WRITES = 5;

/**
 * Delivers one claimed outbox message through the gateways and returns what to keep on the acked message.
 * Throws `DeliveryError` (or anything else, which counts as transient) when it did not get through; the
 * dispatcher decides between retry and dead letter. Before each platform call it asks `lease` (the dispatcher's
 * lease of the message, renewed as it goes): when that throws, no further call is made — what got out is kept on
 * the case or thrown as `PartlyDelivered` progress, as for a failure — and its error is the outcome (`LeaseLost`
 * first of all: another dispatcher has the message, and nothing is written to it).
 */
/** What a linked report's card names of its major incident: "Part of a major incident: INC-… (status)". */
export type MajorParent = Pick<Case, 'number' | 'status'>;

export function createDeliverer(
  deps: DeliverDeps,
): (message: OutboxMessage, lease?: DeliveryLease) => Promise<Record<string, unknown>> {
  // Looked up on every use, not once: the composition root may add transports' gateways after construction.
  const gatewayFor = (platform: Platform): ChatGateway | undefined =>
    deps.gateways.find((g) => g.platform === platform);

  const requireCase = async (caseId: string): Promise<Case> => {
    const c = await deps.store.getCase(caseId);
    if (!c) throw new DeliveryError(`case ${caseId} no longer exists`, { permanent: true });
    return c;
  };

  /** The major incident a linked report is part of, read at delivery for its cards (undefined when none, or gone). */
  const majorOf = async (c: Case): Promise<MajorParent | undefined> =>
    c.parentId ? ((await deps.store.getCase(c.parentId)) ?? undefined) : undefined;

  const reachableTargets = async (groupId: string): Promise<ChannelTarget[]> =>
    (await deps.channelTargets(groupId)).filter((t) => gatewayFor(t.platform) !== undefined);

  /** The person the message can go to: as addressed, or found by e-mail on a platform a gateway reaches. */
  async function reachable(person: PersonRef): Promise<{ person: PersonRef; gateway: ChatGateway } | undefined> {
    const direct = deps.gateways.find((g) => g.canReach(person.id));
    if (direct) return { person, gateway: direct };
    const email = (person.email ?? (person.id.startsWith('email:') ? person.id.slice('email:'.length) : ''))
      .trim()
      .toLowerCase();
    if (!email || !deps.directory) return undefined;
    for (const found of await deps.directory.search(email, 5)) {
      if (found.email?.trim().toLowerCase() !== email) continue;
      const gateway = deps.gateways.find((g) => g.canReach(found.id));
      if (gateway) return { person: { id: found.id, name: found.name, email: found.email }, gateway };
    }
    return undefined;
  }

  /**
   * The person a message to someone nobody is found by now is addressed to since it was claimed: the person's address
   * changed and the move of their cases re-addressed it (`readdressOutbox`) while it was being delivered, the move
   * then done, so the former address it was read with finds nobody. Read again from the store only then.
   */
  async function readdressed(
    message: OutboxMessage,
    before: PersonRef,
  ): Promise<{ person: PersonRef; gateway: ChatGateway } | undefined> {
    if (!before.id.startsWith('email:')) return undefined;
    const now = await deps.store.getOutbox(message.id);
    if (now?.state !== 'pending' || now.kind !== 'send_person') return undefined;
    let delivery: Delivery;
    try {
      delivery = toDelivery(now.kind, now.payload);
    } catch {
      return undefined;
    }
    if (delivery.kind !== 'send_person' || delivery.person.id === before.id) return undefined;
    return reachable(delivery.person);
  }

  async function sendPerson(
    message: OutboxMessage,
    delivery: PersonMessage,
    lease: DeliveryLease,
  ): Promise<Record<string, unknown>> {
    // A placeholder (a quick case naming nobody, an erased user) has nobody behind it: skipped, not a dead letter.
    if (namesNobody(delivery.person)) return { skipped: 'nobody to send it to' };
    const target = (await reachable(delivery.person)) ?? (await readdressed(message, delivery.person));
    if (!target) throw new DeliveryError(`no gateway can reach ${delivery.person.id}`, { permanent: true });
    const { person, gateway } = target;
    let view = delivery.view;
    let cardVersion: number | undefined;
    const cardCaseId = delivery.caseCardFor ? delivery.caseCardFor.caseId || message.caseId : undefined;
    if (cardCaseId) {
      const c = await deps.store.getCase(cardCaseId);
      if (c) {
        const parent = await majorOf(c);
        const caseCard = deps.renderCardFor
          ? await deps.renderCardFor(c, person, view.locale, parent)
          : deps.renderCard(c, gateway.platform, undefined, parent);
        view = { ...view, caseCard };
        cardVersion = c.version;
      } else {
        // The case is gone (erased): the message still gets out, without a card of a case nobody can open.
        deps.logger.info({ caseId: cardCaseId, key: message.key }, 'personal message sent without its case card');
      }
    }
    // A case card in a message names the message (an id only): a Teams click on it can show the message again; so
    // does a form's answer ("Yes, solved", the rating), whose click keeps the message's text above the answer.
    if (view.caseCard || view.form) view = { ...view, deliveredFrom: message.id };
    await lease.keep();
    const res = await gateway.sendToPerson(person, view);
    return {
      platform: gateway.platform,
      ...(res.messageId ? { messageId: res.messageId } : {}),
      ...(cardVersion !== undefined ? { cardVersion } : {}),
    };
  }

  /**
   * The case card into the channels of `groupId`: the group holding the case, or its owner group while a resolved
   * case is back with it (`ownerCardDrafts`). The owner's card is stored inactive, as an escalated case's old card
   * is: it is a working card only while the case is back with the owner (`workingCards`), and it is posted only
   * into owner channels without any card of the case, so it is never posted twice. Cards an earlier attempt posted
   * but could not store on the case (the store failed after the post: `unstored` on the pending message) are stored
   * now, not posted again.
   */
  async function postCard(
    message: OutboxMessage,
    caseId: string,
    groupId: string,
    lease: DeliveryLease,
  ): Promise<Record<string, unknown>> {
    const c = await requireCase(caseId);
    const earlier = doneOf(message, 'unstored', isCardRef).filter(
      (r) => r.groupId === groupId && !c.cards.some((x) => sameCard(x, r)),
    );
    /**
     * Stores the cards of an earlier attempt when nothing is posted now (they are in their channels all the same); a
     * case no longer with the group keeps them inactive, as an escalated case keeps its old cards (they then say
     * where it went, or turn working again while it is back with its owner).
     */
    const keepEarlier = async (refs: CardRef[]): Promise<void> => {
      if (refs.length === 0) return;
      try {
        await storeCardRefs(c, refs, undefined);
      } catch (err) {
        throw new PartlyDelivered(err, { unstored: refs });
      }
    };
    const forOwner = c.groupId !== groupId && groupId === c.ownerGroupId;
    if (forOwner && !(c.status === 'resolved' && isBackWithOwner(c))) {
      // Returned to the technician, reopened or closed meanwhile: the owner has nothing to check now.
      deps.logger.info({ case: c.number, groupId, status: c.status }, "owner's card not posted: not back with it");
      await keepEarlier(earlier.map((r) => ({ ...r, active: false })));
      return { skipped: 'not back with owner', groupId: c.groupId };
    }
    if (c.groupId !== groupId && !forOwner) {
      // The case moved on before its card got out; a card in the old group's channel would only mislead.
      deps.logger.info({ case: c.number, groupId, now: c.groupId }, 'case card not posted: the case has moved');
      await keepEarlier(earlier.map((r) => ({ ...r, active: false })));
      return { skipped: 'moved', groupId: c.groupId };
    }
    const channels = await reachableTargets(groupId);
    if (channels.length === 0) {
      // No channel on any platform (the app removed from the group's team and no Slack channel, or never bound).
      // Not retried: the case's later messages (the reporter's receipt, a supervisor's ping) would wait behind it,
      // and a retry's few minutes rarely outlast an admin's fix. The case is stored (`queue <group>` lists it); the
      // people responsible are told once for the group, and its card is posted once the group has a channel again.
      deps.logger.warn({ case: c.number, groupId }, 'case card not posted: the group has no channel on any platform');
      await keepEarlier(earlier);
      await markUnbound(groupId);
      return { skipped: 'no channel', groupId };
    }
    const targets = channels.filter(
      (t) =>
        (forOwner ? !hasCard(c, groupId, t) : !hasActiveCard(c, groupId, t)) &&
        !earlier.some((r) => r.platform === t.platform && r.channelId === t.channelId),
    );
    if (targets.length === 0 && earlier.length === 0) return { posted: [] };
    // Storing the refs below bumps the case version by one; the card carries that version so its first click
    // is not refused as stale. Should the write meet a concurrent change, a refresh of the cards is enqueued.
    const rendered: Case = { ...c, version: c.version + 1 };
    const parent = await majorOf(c);
    const posted: CardRef[] = [];
    const errors: unknown[] = [];
    for (const target of targets) {
      const gateway = gatewayFor(target.platform)!;
      // The lease lost or not renewed: no further posts; those that went out are stored below all the same.
      const stop = await stopped(lease);
      if (stop) {
        errors.push(stop);
        break;
      }
      try {
        const res = await gateway.postCaseCard(target, deps.renderCard(rendered, target.platform, groupId, parent));
        posted.push({
          platform: target.platform,
          groupId,
          channelId: target.channelId,
          messageId: res.messageId,
          conversationId: res.conversationId,
          active: !forOwner,
        });
      } catch (err) {
        errors.push(err);
      }
    }
    // Keep what did get posted even when another platform failed: the retry then posts only the rest. Should the
    // store fail, the cards are kept on the message instead, and the retry stores them rather than posting them again.
    const unstored = [...earlier, ...posted];
    if (unstored.length > 0) {
      try {
        // Cards of an earlier attempt show the version they were rendered from: they are brought up to date.
        await storeCardRefs(c, unstored, earlier.length > 0 ? undefined : rendered.version);
      } catch (err) {
        throw new PartlyDelivered(err, { unstored });
      }
    }
    if (errors.length > 0) throw worstError(errors);
    return { posted: unstored.map((r) => ({ platform: r.platform, channelId: r.channelId, messageId: r.messageId })) };
  }

  /**
   * Adds posted cards to the case. Their card shows `renderedVersion`: when the write makes another version (the
   * case changed meanwhile), or when it is not known, a refresh of the cards is enqueued with it.
   */
  async function storeCardRefs(read: Case, posted: CardRef[], renderedVersion: number | undefined): Promise<void> {
    let current: Case | null = read;
    for (let attempt = 1; ; attempt++) {
      if (!current)
        throw new DeliveryError(`case ${read.id} disappeared while its cards were posted`, { permanent: true });
      const fresh: Case = current;
      const cards = [...fresh.cards, ...posted.filter((p) => !fresh.cards.some((r) => sameCard(r, p)))];
      const nextVersion = fresh.version + 1;
      const refresh: OutboxDraft[] =
        nextVersion === renderedVersion
          ? []
          : [
              draft(
                `refresh:${fresh.id}:v${nextVersion}`,
                { kind: 'update_cards', caseId: fresh.id },
                { notBefore: deps.clock.now().toISOString() },
              ),
            ];
      try {
        await deps.store.updateCase({ ...fresh, cards }, fresh.version, refresh);
        return;
      } catch (err) {
        if (!isAppError(err, 'CASE.CONFLICT') || attempt >= MAX_REF_WRITES) {
          deps.logger.error({ err, case: read.number }, 'posted case cards could not be stored on the case');
          throw err;
        }
        current = await deps.store.getCase(read.id);
      }
    }
  }

  /**
   * Writes the group's alert (keyed by the minute it is due, so a burst writes one or two; the alert itself goes
   * out only when none did in the last `UNBOUND_ALERT_PERIOD_MS`) and its next look for a channel (one per slot).
   * Written already, each is a no-op.
   */
  async function markUnbound(groupId: string): Promise<void> {
    const now = deps.clock.now();
    const alertAt = new Date(Math.ceil((now.getTime() + UNBOUND_ALERT_DELAY_MS) / 60_000) * 60_000).toISOString();
    await deps.store.enqueueOutbox([
      draft(
        `${UNBOUND_PREFIX}${groupId}:alert:${alertAt}`,
        { kind: 'group_unbound', groupId, alert: true },
        { notBefore: alertAt },
      ),
      nextLook(groupId, now),
    ]);
  }

  function nextLook(groupId: string, now: Date): OutboxDraft {
    const at = new Date((Math.floor(now.getTime() / UNBOUND_CHECK_MS) + 1) * UNBOUND_CHECK_MS).toISOString();
    return draft(`${UNBOUND_PREFIX}${groupId}:look:${at}`, { kind: 'group_unbound', groupId }, { notBefore: at });
  }

  /**
   * The cases whose card of the group is missing: its open cases without a working card of it (linked reports have
   * none of their own), and the resolved cases back with it as their owner group that never got the owner's card
   * (`lacksOwnerCard`).
   */
  async function casesWithoutCard(groupId: string): Promise<Case[]> {
    const open = await deps.store.findCases({ groupIds: [groupId], statuses: [...OPEN_STATUSES], limit: 10_000 });
    const back = await deps.store.findCases({ ownerGroupIds: [groupId], statuses: ['resolved'], limit: 10_000 });
    return [
      ...open.filter((c) => !c.parentId && !c.cards.some((r) => r.active && r.groupId === groupId)),
      ...back.filter((c) => c.ownerGroupId === groupId && lacksOwnerCard(c)),
    ];
  }

  async function groupUnbound(message: OutboxMessage, delivery: UnboundGroup): Promise<Record<string, unknown>> {
    if (delivery.alert) return alertUnbound(message, delivery.groupId);
    const { groupId } = delivery;
    const bound = (await reachableTargets(groupId)).length > 0;
    const waiting = await casesWithoutCard(groupId);
    if (waiting.length === 0) return { skipped: 'no case without a card', groupId };
    if (!bound) {
      await deps.store.enqueueOutbox([nextLook(groupId, deps.clock.now())]);
      return { waiting: waiting.length, groupId };
    }
    // A channel again: each card is posted in its case's order, after whatever of the case is still pending. Keyed
    // by this look too: a re-post that met the group unbound again changed nothing on the case (same version), and
    // the look after the next binding must not find its key taken. A second re-post of a case that got its card
    // meanwhile posts nothing (only into channels without one). An owner's card goes to the owner group as its
    // first post did (`postCard` posts it only while the case is still back with the owner).
    await deps.store.enqueueOutbox(
      waiting.map((c) =>
        draft(`${c.id}:v${c.version}:post_card:${groupId}:bound:${message.key}`, {
          kind: 'post_card',
          caseId: c.id,
          groupId,
        }),
      ),
    );
    // Removed again later, the group's next alert goes out at once.
    await deps.store.deleteRef(UNBOUND_REF, groupId);
    deps.logger.info(
      { groupId, cases: waiting.length },
      'group has a channel again: its missing case cards are posted',
    );
    return { reposted: waiting.length, groupId };
  }

  /**
   * The group's alert: the cheap checks first (bound again; told within the period), then its cases. The mark is
   * claimed with a conditional write, so of two instances delivering two alerts of the group at once only one tells
   * anybody. The mark names the message that claimed it: a retry of that message (its process died after the claim)
   * still enqueues the alert, under the same keys, so it is neither lost nor sent twice.
   */
  async function alertUnbound(message: OutboxMessage, groupId: string): Promise<Record<string, unknown>> {
    // Bound again meanwhile: the group's next look posts the cards, nobody needs to act.
    if ((await reachableTargets(groupId)).length > 0) return { skipped: 'bound again', groupId };
    const now = deps.clock.now();
    const since = new Date(now.getTime() - UNBOUND_ALERT_PERIOD_MS).toISOString();
    const mark = await deps.store.getRef(UNBOUND_REF, groupId);
    const last = mark?.['alertedAt'];
    const ours = mark?.['by'] === message.key;
    if (!ours && typeof last === 'string' && last >= since)
      return { skipped: 'alerted already', alertedAt: last, groupId };
    const waiting = await casesWithoutCard(groupId);
    if (waiting.length === 0) return { skipped: 'no case without a card', groupId };
    if (!ours) {
      const claimed = await deps.store.putRefIfOlder(
        UNBOUND_REF,
        groupId,
        { alertedAt: now.toISOString(), by: message.key },
        'alertedAt',
        since,
      );
      if (!claimed) return { skipped: 'alerted already', groupId };
    }
    const view = unboundGroupAlertView(
      groupId,
      waiting.map((c) => c.number),
      deps.alertLocale ?? 'da',
      UNBOUND_CHECK_MS,
    );
    const alerts = deps.alert?.(view, { groupId }) ?? [];
    if (alerts.length > 0) await deps.store.enqueueOutbox(alerts.map((a, i) => draft(`${message.key}:${i}`, a)));
    deps.logger.warn(
      { groupId, cases: waiting.length },
      `group ${groupId} has no channel on any platform: ${waiting.length} open case(s) without a card`,
    );
    return { alerted: alerts.length, cases: waiting.length, groupId };
  }

  async function updateCards(caseId: string, lease: DeliveryLease): Promise<Record<string, unknown>> {
    const c = await requireCase(caseId);
    let updated = 0;
    const errors: unknown[] = [];
    const working = workingCards(c);
    const parent = await majorOf(c);
    for (const ref of c.cards) {
      const gateway = gatewayFor(ref.platform);
      if (!gateway) continue;
      const view = working.includes(ref)
        ? deps.renderCard(c, ref.platform, ref.groupId, parent)
        : deps.renderMovedCard(c, ref, ref.platform);
      const stop = await stopped(lease);
      if (stop) {
        errors.push(stop);
        break;
      }
      try {
        await gateway.updateCaseCard(ref, view);
        updated++;
      } catch (err) {
        // Updating in place is idempotent, so the others go ahead and the retry simply repeats them.
        errors.push(err);
      }
    }
    if (errors.length > 0) throw worstError(errors);
    return { updated, version: c.version };
  }

  /**
   * The thread a reply about `c` goes into. A case's own: under its working cards (the desk's, and the owner's while
   * the case is back with it), or, when the case has moved on since the reply was written and its new group's card
   * is still to come, the card of the group where it happened. A report linked to a major incident with neither (it
   * joined at intake: the major incident's card counts it) is worked in its major incident's thread: the reply goes
   * under the major incident's working cards, the report's number first so that thread stays readable. The same for
   * every reply (staff's actions, its user's answers, whatever wrote it), decided here from the case as it is when
   * the reply goes out. A linked report with a working card of its own (linked after its card was posted, or
   * escalated to another group, whose card was posted before this reply) keeps its replies under it.
   */
  async function threadOf(c: Case, delivery: ThreadReply): Promise<{ host: Case; refs: CardRef[]; view: MessageView }> {
    const only = delivery.only;
    const reachable = (r: CardRef) =>
      gatewayFor(r.platform) !== undefined &&
      (!only || (r.platform === only.platform && r.messageId === only.messageId));
    let refs = workingCards(c).filter(reachable);
    if (refs.length === 0 && !only && delivery.groupId !== undefined) {
      // Moved on, the new group's card behind this reply (a case's messages go out in order: waiting for it here
      // would wait for ever): the thread of the group where it happened.
      refs = c.cards.filter((r) => r.groupId === delivery.groupId && gatewayFor(r.platform) !== undefined);
    }
    // Linked now, or when the reply was written (left since, its own card behind this reply).
    const majorId = c.parentId ?? delivery.majorId;
    if (refs.length > 0 || !majorId) return { host: c, refs, view: delivery.view };
    const parent = await deps.store.getCase(majorId);
    if (!parent) return { host: c, refs, view: delivery.view };
    const view = { ...delivery.view, text: `${c.number}: ${delivery.view.text}` };
    return { host: parent, refs: workingCards(parent).filter(reachable), view };
  }

  async function threadReply(
    message: OutboxMessage,
    delivery: ThreadReply,
    lease: DeliveryLease,
  ): Promise<Record<string, unknown>> {
    const c = await requireCase(delivery.caseId);
    const only = delivery.only;
    const done = doneOf(message, 'repliedIn', isThreadDone);
    const { host, refs, view } = await threadOf(c, delivery);
    const inMajor = host.id !== c.id ? { inThreadOf: host.number } : {};
    if (refs.length === 0) {
      if (only || done.length > 0) return { skipped: 'card no longer active', replied: done.length, repliedIn: done };
      // Linked to a major incident that is gone (erased): no card is coming for the report either.
      if (c.parentId && host.id === c.id && c.cards.length === 0) {
        return { skipped: 'linked to a major incident: no card of its own' };
      }
      if ((await reachableTargets(host.groupId)).length === 0) return { skipped: 'no channel', ...inMajor };
      // The card is on its way (its post was written before this reply and is pending or retrying): wait for it
      // rather than lose the reply. One written after this reply — in the same millisecond too, which the claim
      // orders by write sequence — comes after it: waiting for it would hold it back behind this reply for good.
      // A major incident's card is another case's: any post of it still pending is coming.
      if (await cardPostPendingIn(deps.store, host, host.id === c.id ? message.createdAt : undefined))
        throw new DeliveryError('the case card has not been posted yet');
      // Its post was refused for good (the bot removed from the channel: dead-lettered, 1st level alerted once):
      // no card is coming, and retrying each later reply into a dead letter of its own would alert again and again.
      return { skipped: 'the case card could not be posted', ...inMajor };
    }
    const replied: ThreadDone[] = [...done];
    const errors: unknown[] = [];
    for (const ref of refs) {
      // An earlier attempt reached this thread already.
      if (done.some((d) => d.platform === ref.platform && d.messageId === ref.messageId)) continue;
      const stop = await stopped(lease);
      if (stop) {
        errors.push(stop);
        break;
      }
      try {
        await gatewayFor(ref.platform)!.replyInThread(ref, view);
        replied.push({ platform: ref.platform, messageId: ref.messageId });
      } catch (err) {
        errors.push(err);
      }
    }
    const result = { replied: replied.length, repliedIn: replied, ...inMajor };
    if (errors.length > 0) throw partly(errors, replied.length > 0 ? result : undefined);
    return result;
  }

  async function postGroupMessage(
    message: OutboxMessage,
    delivery: GroupMessage,
    lease: DeliveryLease,
  ): Promise<Record<string, unknown>> {
    const only = delivery.only;
    const done = doneOf(message, 'posted', isChannelDone);
    const targets = (await reachableTargets(delivery.groupId)).filter(
      (t) => !only || (t.platform === only.platform && t.channelId === only.channelId),
    );
    if (targets.length === 0) return { skipped: 'no channel', ...(done.length > 0 ? { posted: done } : {}) };
    const posted: ChannelDone[] = [...done];
    const errors: unknown[] = [];
    for (const target of targets) {
      // An earlier attempt posted into this channel already.
      if (done.some((d) => d.platform === target.platform && d.channelId === target.channelId)) continue;
      const gateway = gatewayFor(target.platform)!;
      const stop = await stopped(lease);
      if (stop) {
        errors.push(stop);
        break;
      }
      try {
        if (!gateway.postMessage) {
          throw new DeliveryError(`the ${target.platform} gateway cannot post channel messages`, { permanent: true });
        }
        const res = await gateway.postMessage(target, delivery.view);
        posted.push({ platform: target.platform, channelId: target.channelId, messageId: res.messageId });
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw partly(errors, posted.length > 0 ? { posted } : undefined);
    return { posted };
  }

  return async (message, lease = UNLEASED) => {
    let delivery: Delivery;
    try {
      delivery = toDelivery(message.kind, message.payload);
    } catch (err) {
      throw new DeliveryError(`unknown outbox kind ${message.kind}`, { permanent: true, cause: err });
    }
    // Drafts written with `createCase` cannot know the new case's id; the store puts it on the message instead.
    if ('caseId' in delivery && !delivery.caseId && message.caseId) delivery = { ...delivery, caseId: message.caseId };
    switch (delivery.kind) {
      case 'send_person':
        return sendPerson(message, delivery, lease);
      case 'post_card':
        return postCard(message, delivery.caseId, delivery.groupId, lease);
      case 'update_cards':
        return updateCards(delivery.caseId, lease);
      case 'thread_reply':
        return threadReply(message, delivery, lease);
      case 'post_group_message':
        return postGroupMessage(message, delivery, lease);
      case 'major_follow_up':
        if (!deps.runMajorFollowUp) {
          deps.logger.warn({ key: message.key }, 'major incident follow-up skipped: no runner configured');
          return { skipped: 'no runner' };
        }
        return deps.runMajorFollowUp(delivery);
      case 'group_unbound':
        return groupUnbound(message, delivery);
    }
  };
}

/**
 * Whether a post of the case's card into its group's channels, written before `writtenAt` (any, without it), is still
 * waiting to go (pending or retrying). A post of the same millisecond is not counted: the messages of one write keep
 * their order in the claim, and a case's pending earlier message holds its later ones back, so a reply that is being
 * delivered while such a post is pending was written before it.
 */
async function cardPostPendingIn(store: CaseStore, c: Case, writtenAt?: string): Promise<boolean> {
  const pending = await store.listOutbox({ caseId: c.id, kind: 'post_card', state: 'pending', limit: 1_000 });
  return pending.some((m) => m.payload.groupId === c.groupId && (writtenAt === undefined || m.createdAt < writtenAt));
}

/**
 * What the dispatcher gets when some targets failed: the worst error, wrapped with `progress` when some targets
 * have the message (now or from an earlier attempt).
 */
function partly(errors: unknown[], progress: Record<string, unknown> | undefined): unknown {
  const worst = worstError(errors);
  return progress ? new PartlyDelivered(worst, progress) : worst;
}

/** The targets an earlier attempt of `message` reached (its `result[field]` while pending), those well-formed. */
function doneOf<T>(message: OutboxMessage, field: string, valid: (x: unknown) => x is T): T[] {
  const list = message.state === 'pending' ? message.result?.[field] : undefined;
  return Array.isArray(list) ? list.filter(valid) : [];
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isThreadDone = (x: unknown): x is ThreadDone =>
  isRecord(x) && typeof x['platform'] === 'string' && typeof x['messageId'] === 'string';
const isChannelDone = (x: unknown): x is ChannelDone =>
  isRecord(x) && typeof x['platform'] === 'string' && typeof x['channelId'] === 'string';
const isCardRef = (x: unknown): x is CardRef =>
  isRecord(x) &&
  (x['platform'] === 'teams' || x['platform'] === 'slack') &&
  typeof x['groupId'] === 'string' &&
  typeof x['channelId'] === 'string' &&
  typeof x['messageId'] === 'string' &&
  (x['conversationId'] === undefined || typeof x['conversationId'] === 'string') &&
  typeof x['active'] === 'boolean';

function hasActiveCard(c: Case, groupId: string, t: ChannelTarget): boolean {
  return c.cards.some(
    (r) => r.active && r.groupId === groupId && r.platform === t.platform && r.channelId === t.channelId,
  );
}

/** Any card of the group in that channel, working or not (the owner's card of an earlier resolution). */
function hasCard(c: Case, groupId: string, t: ChannelTarget): boolean {
  return c.cards.some((r) => r.groupId === groupId && r.platform === t.platform && r.channelId === t.channelId);
}

function sameCard(a: CardRef, b: CardRef): boolean {
  return a.platform === b.platform && a.channelId === b.channelId && a.messageId === b.messageId;
}

/**
 * A lost lease decides the outcome (the message is another dispatcher's: nothing is written to it); then a permanent
 * failure (dead letter and alert); otherwise the first error is retried.
 */
function worstError(errors: unknown[]): unknown {
  return (
    errors.find((e) => e instanceof LeaseLost) ??
    errors.find((e) => e instanceof DeliveryError && e.permanent) ??
    errors[0]
  );
}

/** Why the next platform call must not go (`DeliveryLease.keep` threw), or undefined when it may. */
async function stopped(lease: DeliveryLease): Promise<unknown> {
  try {
    await lease.keep();
    return undefined;
  } catch (err) {
    return err ?? new Error('the outbox lease could not be kept');
  }
}
