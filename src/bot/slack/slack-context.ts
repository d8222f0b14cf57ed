import type { RespondFn } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import type { SlackMessage } from '../../cards/slack/render-case-card-blocks.js';
import { renderMessageBlocks } from '../../cards/slack/render-message-blocks.js';
import type { CaseCardView, MessageView } from '../../cards/view-models.js';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { Logger } from '../../logger.js';
import type { Locale, Person } from '../../models/case.js';
import type { CaseStore } from '../../models/case-store.js';
import { pickLocale } from '../../services/i18n.js';
import { TtlCache } from '../../services/ttl-cache.js';
import type { CaseActions } from '../../services/case-actions.js';
import type { ConversationAction, ConversationReply, ConversationRouter } from '../../services/conversations.js';
import type { DailyDigest } from '../../services/sla/daily-digest.js';
import type { Directory } from '../../services/ports/directory.js';
import type { IncomingFile, KeptFiles } from '../../services/attachments.js';
import type { StaffServices } from '../run-staff-command.js';
import type { SlackFileDeps } from './slack-files.js';
import type { SlackDirectory } from './slack-directory.js';
import type { SlackWebClient } from './slack-client.js';
import { conversationKeys, slackPersonId } from './slack-ids.js';
import { slackPlainText, unnamedMentions } from './slack-markup.js';
import { failureModal, intakeModal, workingModal } from './slack-modals.js';
import { withSearchedQuestions } from './slack-question-menus.js';
import { failureText, slackTexts, textView } from './slack-replies.js';
import { cannotAnswerThere, isTimeout, responseUrlRefused, toDeliveryError } from './slack-errors.js';
import { DM_CHANNEL_REF } from './slack-gateway.js';
import { withReplyRetries } from '../reply-retry.js';
import { DeliveryError } from '../../services/ports/chat-gateway.js';

/** The services the Slack listeners call: case actions (lifecycle and orders) and the chat conversations. */
export type SlackCaseService = Pick<
  CaseActions,
  'act' | 'userReply' | 'userComment' | 'receipt' | 'lookup' | 'mine' | 'queue'
>;
/** Intake and order conversations (`ConversationRouter`). */
export type SlackIntake = Pick<ConversationRouter, 'handle' | 'look'>;

export interface SlackHandlerDeps {
  client: SlackWebClient;
  store: CaseStore;
  logger: Logger;
  cases: SlackCaseService;
  intake: SlackIntake;
  /** Reports, data protection and major incidents: `stats`, `admin export|erase`, `major …`. */
  staff: StaffServices;
  /** Who a Slack person is (SlackDirectory, or a composite that asks it for `slack:` ids). */
  directory: Directory;
  /**
   * The Slack directory itself, told of a member's changed profile (`user_change`) or a new member (`team_join`): a
   * changed address takes their cases by the former one along. Without it (tests of other things) the event changes
   * nothing.
   */
  profiles?: Pick<SlackDirectory, 'changed'>;
  /**
   * The catalogue's groups and categories: a large desk's assign menu searches the people of the case's group, a
   * category menu longer than a static menu the categories.
   */
  catalogue: Pick<CatalogueIndex, 'group' | 'catalogue' | 'category' | 'questionsFor'>;
  /** Support staff see their groups' queues on App Home. */
  isStaff: (p: Person) => boolean;
  /** Catalogue admins (by e-mail): their help also lists `admin export|erase`. */
  isAdmin: (p: Person) => boolean;
  defaultLocale: Locale;
  /** The slash command as configured (`/incident`). */
  command: string;
  /**
   * Downloads and stores the files a person sent (`keepFiles`), and what to download them with (the bot token,
   * `files.info`). Without them (tests of other things) files are not kept and the person is told so.
   */
  keepFiles?: (person: Person, files: readonly IncomingFile[]) => Promise<KeptFiles>;
  fileDeps?: SlackFileDeps;
  /**
   * How long work may run before Slack's 3 s acknowledgement is at risk (default 2 s): past it a modal shows
   * "one moment" at once and is updated with `views.update` when the work is done.
   */
  ackDeadlineMs?: number;
  /**
   * The daily digest as it stands now (`DailyDigest.current`): a Close in a digest replaces the digest with it, so
   * the digest stays usable. Without it (tests of other things) a digest click is answered as any card's.
   */
  digest?: Pick<DailyDigest, 'current'>;
}

/**
 * Where a person acted, and so where answers go (`SlackContext.tell`): the bot's own DM (answers are messages
 * there), the click's response URL (ephemeral notes, in any conversation), else the channel (ephemeral notes, where
 * the bot is a member) and, when Slack refuses that, the bot's DM.
 */
export interface Where {
  userId: string;
  channel?: string;
  /** True only for the bot's own DM with the person — never a DM between other people (`isBotDm`). */
  dm: boolean;
  /** The request's response URL (clicks on messages, also ephemeral ones): answers go there first. */
  respond?: RespondFn;
  /** The clicked message's ts, when it is a message the bot may update (not ephemeral): the daily digest. */
  messageTs?: string;
  /** The clicked message as Slack sent it with the click (not ephemeral): a question refused for good ends in it. */
  clicked?: ClickedMessage;
}

/**
 * A clicked message as a click carries it (`message`): its text and blocks, the block of the clicked button, and what
 * the click sent: the clicked element (`actionId`), a menu's chosen value (`selected`), the inputs' state by block.
 */
export interface ClickedMessage {
  text?: string;
  blocks: KnownBlock[];
  blockId?: string;
  actionId?: string;
  selected?: string;
  state?: Record<string, Record<string, unknown>>;
}

/** Context key of the time (ms since the epoch) a request arrived, set by the receiver or the first middleware. */
export const ARRIVED_AT = 'arrivedAt';

/**
 * When the request behind a Bolt context arrived: Slack's 3 s for an acknowledgement (and a trigger id) count
 * from then, not from when a listener got to run. Now, when nothing recorded it.
 */
export function arrivalOf(context: Record<string, unknown> | undefined): number {
  const at = context?.[ARRIVED_AT];
  return typeof at === 'number' ? at : Date.now();
}

/**
 * How long a person's language is remembered for answers that cannot wait for a look-up (1 h, 5 000 people): the
 * one memory of languages for every such answer (failure notes, unknown requests, "one moment", the rate limit's
 * form notice), refreshed by each look-up. Longer than the directory keeps a whole profile in memory (5 min, see
 * slack-directory.ts), as a language is no detail worth a store read; well inside the 12 h a profile is trusted.
 */
const LOCALE_MEMORY_MS = 60 * 60 * 1000;
/** How long a modal's view hash is remembered as used by a click (10 min; a modal changes hash on each update). */
const USED_HASH_MS = 10 * 60 * 1000;
const MEMORY_ENTRIES = 5000;

type Raced<T> = { done: true; value: T } | { done: false; later: Promise<T> };

/** A conversation turn shown in a modal: the modal. */
export interface ModalTurn {
  view: ModalView;
  /**
   * Tells the person what `view` says elsewhere, for when the modal is gone (closed before `views.update`): an
   * answer that is no step of a form (a stale card's refusal). Without it, nothing is said outside the modal.
   */
  instead?: () => Promise<void>;
}

/** A click's hold on a modal state (`SlackContext.takeViewState`). */
export interface ViewState {
  /** True for the first click on this modal state; false for a double click or a repeat. */
  first: boolean;
  /** On a repeat click: the view an earlier click on this state moved to and Slack did not show. */
  pending?: ModalView;
  /** Gives the state back (the click's work failed before anything moved). */
  release: () => void;
  /** Keeps the view Slack did not show, for a repeat click to show. */
  unshown: (view: ModalView) => void;
  /** The view is shown: any further click on this state is a double click. */
  shown: () => void;
}

/** The listeners' shared helpers: people, replies, the intake modal with the 3-second rule. */
export class SlackContext {
  readonly ackDeadlineMs: number;
  /** The language of people looked up lately, for answers given before (or without) a look-up. */
  private readonly locales = new TtlCache<string, Locale>({ maxEntries: MEMORY_ENTRIES });
  /**
   * `<view id>:<hash>` of modal states a click was already taken for (double clicks), with the view that click
   * moved the conversation to while Slack has not shown it yet (its `views.update` failed: `ViewState.unshown`).
   */
  private readonly usedHashes = new TtlCache<string, true | ModalView>({ maxEntries: MEMORY_ENTRIES });

  constructor(readonly deps: SlackHandlerDeps) {
    this.ackDeadlineMs = deps.ackDeadlineMs ?? 2000;
  }

  get log(): Logger {
    return this.deps.logger;
  }

  /** The person behind a Slack user id: the directory's answer, else a minimal person (never fails a request). */
  async person(userId: string, nameHint?: string): Promise<Person> {
    const id = slackPersonId(userId);
    try {
      const found = await this.deps.directory.lookup(id);
      if (found) {
        this.locales.set(userId, this.localeOf(found), LOCALE_MEMORY_MS);
        return found;
      }
    } catch (err) {
      this.log.warn({ err, userId }, 'slack users.info failed; going on with what the request says');
    }
    return { id, name: nameHint?.trim() || userId, locale: this.deps.defaultLocale };
  }

  /**
   * A message's or command's text as Slack sent it, in plain text (`slackPlainText`), a mention without a name
   * (`<@U123>`) shown as `@` and the person's name from the directory; as `@U123` when the look-up gives none or
   * fails (the text is never held up by it failing).
   */
  async plainText(raw: string): Promise<string> {
    const ids = unnamedMentions(raw);
    if (ids.length === 0) return slackPlainText(raw);
    const named = await Promise.all(
      ids.map(async (id) => {
        const found = await this.deps.directory.lookup(slackPersonId(id)).catch((err: unknown) => {
          this.log.warn({ err, userId: id }, 'slack: a mentioned person could not be looked up; shown by id');
          return null;
        });
        return found ? ([id, found.name] as const) : undefined;
      }),
    );
    return slackPlainText(raw, new Map(named.filter((n) => n !== undefined)));
  }

  localeOf(p: Person): Locale {
    return pickLocale(p.locale, this.deps.defaultLocale);
  }

  /**
   * The person's language without waiting for anything: as their last look-up gave it (memory only), else the
   * default. For answers that must go before a look-up could end (acknowledgements, failure notes).
   */
  quickLocale(userId: string): Locale {
    return this.locales.get(userId) ?? this.deps.defaultLocale;
  }

  /**
   * Whether a click came from the bot's own DM with the person. Only `D…` channels can be; a message there that is
   * not ephemeral and carries the bot's buttons was posted by the bot, which posts messages into no DM but its
   * own; an ephemeral one (a case looked up with the slash command) may be in a DM between two people, so it
   * counts only when it is the DM the bot opened with the person (`DM_CHANNEL_REF`).
   */
  async isBotDm(userId: string, channel: string | undefined, ephemeral: boolean): Promise<boolean> {
    if (!channel?.startsWith('D')) return false;
    if (!ephemeral) return true;
    const stored = await this.deps.store.getRef(DM_CHANNEL_REF, userId).catch(() => null);
    return stored?.['channelId'] === channel;
  }

  /**
   * Answers a person where they acted (`Where`): a message in the bot's DM; else an ephemeral note through the
   * response URL or, without one, into the channel; when Slack refuses that place (a channel the bot is not in, a
   * DM between other people, a used-up or expired response URL), a message in the bot's DM instead. A response URL
   * that may have shown the answer (a 5xx or timeout on any of its tries) is not followed by another answer.
   */
  async tell(where: Where, view: MessageView, card?: CaseCardView): Promise<void> {
    await this.answer(where, renderMessageBlocks(card ? { ...view, caseCard: card } : view));
  }

  /** `tell` with a message already rendered (a slash command's answer, which may be a case card). */
  async answer(where: Where, rendered: SlackMessage): Promise<void> {
    const { client } = this.deps;
    if (where.dm) {
      await this.post(where.channel ?? where.userId, rendered);
      return;
    }
    const { respond, channel } = where;
    if (respond) {
      const note = { response_type: 'ephemeral' as const, replace_original: false, ...rendered };
      if (await this.answeredThere(where, 'respond', () => respond(note))) return;
    }
    if (channel) {
      const note = { channel, user: where.userId, ...rendered };
      if (await this.answeredThere(where, 'chat.postEphemeral', () => client.chat.postEphemeral(note))) return;
    }
    await this.post(where.userId, rendered);
  }

  /**
   * Sends an answer (with the reply retries); false when Slack refuses it for where it was sent
   * (`cannotAnswerThere`: for a response URL, only when every try certainly showed nothing). A response URL that
   * failed otherwise on any try (5xx, timeout, a connection lost after the request went out) may have shown the
   * answer, even when a later try was refused (a 429, or 404/410 once that first answer used the URL up): that
   * counts as answered (logged), since answering elsewhere too could show it twice.
   */
  private async answeredThere(where: Where, what: string, send: () => Promise<unknown>): Promise<boolean> {
    let mayHaveShown = false;
    const attempt =
      what === 'respond'
        ? async () => {
            try {
              return await send();
            } catch (err) {
              if (!responseUrlRefused(err)) mayHaveShown = true;
              throw err;
            }
          }
        : send;
    try {
      await withReplyRetries(attempt, (err) => toDeliveryError(err, what));
      return true;
    } catch (err) {
      if (mayHaveShown || !cannotAnswerThere(err)) {
        if (what !== 'respond') throw err;
        this.log.warn(
          { err, userId: where.userId, channel: where.channel },
          'slack: the response URL failed without saying whether the answer showed; not answering elsewhere too',
        );
        return true;
      }
      this.log.info(
        { err, userId: where.userId, channel: where.channel, via: what },
        'slack: cannot answer the person there; answering in their DM with the bot',
      );
      return false;
    }
  }

  /** Posts intake views into a DM, in order (a question of more than 100 choices searched: `withSearchedQuestions`). */
  async postViews(channel: string, views: MessageView[]): Promise<void> {
    for (const view of withSearchedQuestions(views)) await this.post(channel, renderMessageBlocks(view));
  }

  /**
   * Posts a conversation's reply into a DM. When a case was registered but Slack refused the view saying so (past
   * the reply's retries), the receipt goes through the outbox instead, retried until it arrives; the error still
   * goes up, to be logged and answered like any other.
   */
  async postReply(channel: string, reply: ConversationReply): Promise<void> {
    try {
      await this.postViews(channel, reply.views);
    } catch (err) {
      if (reply.state === 'done' && reply.case) {
        const caseId = reply.case.id;
        await this.deps.cases.receipt(caseId).catch((e: unknown) => {
          this.log.error({ err: e, caseId }, 'slack: could not queue the receipt of a case whose view failed');
        });
      }
      throw err;
    }
  }

  /**
   * A message into a DM (the channel, or the user id for the bot's DM). Retried like every direct reply, except
   * after a timeout: Slack has usually posted a message it did not answer for within the platform timeout, and
   * chat.postMessage has no key to post it only once, so another try would show it twice.
   */
  private async post(channel: string, rendered: SlackMessage): Promise<void> {
    await withReplyRetries(
      () => this.deps.client.chat.postMessage({ channel, ...rendered, unfurl_links: false }),
      (err) => {
        const failure = toDeliveryError(err, 'chat.postMessage');
        return isTimeout(err) ? new DeliveryError(failure.message, { permanent: true, cause: err }) : failure;
      },
    );
  }

  /**
   * Races work against the acknowledgement deadline, counted from the request's arrival (`arrivalOf`): what ran
   * before (a person's look-up, the ack lane) has used part of Slack's 3 s already.
   */
  async race<T>(work: Promise<T>, arrivedAt: number = Date.now()): Promise<Raced<T>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(0, arrivedAt + this.ackDeadlineMs - Date.now()));
    });
    try {
      const first = await Promise.race([work.then((value) => ({ value })), late]);
      return first === 'late' ? { done: false, later: work } : { done: true, value: first.value };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Takes a click inside a modal once per state of the modal: `first` false when a click on the same view and hash
   * (a double click) was taken already. `release` gives the state back when the click's work failed before the
   * conversation moved, so trying again works. When it moved but Slack did not show the new view (`views.update`
   * failed), `unshown` keeps that view: a repeat click on the unchanged modal gets it shown (`unshown` on its
   * state) instead of being dropped as a double click or moving the conversation twice.
   */
  takeViewState(viewId: string, hash: string | undefined): ViewState {
    const none = { release: () => {}, unshown: () => {}, shown: () => {} };
    if (!hash) return { first: true, ...none };
    const key = `${viewId}:${hash}`;
    const taken = this.usedHashes.get(key);
    const state = {
      release: () => this.usedHashes.delete(key),
      unshown: (view: ModalView) => this.usedHashes.set(key, view, USED_HASH_MS),
      shown: () => this.usedHashes.set(key, true, USED_HASH_MS),
    };
    if (taken === true) return { first: false, ...none };
    if (taken) return { first: false, pending: taken, ...state };
    this.usedHashes.set(key, true, USED_HASH_MS);
    return { first: true, ...state };
  }

  /**
   * Starts the intake in a modal (slash command `new`, the global shortcut, App Home): the first step opens
   * with `views.open` while the trigger is valid (3 s from the request's arrival, `arrivedAt`); when the person's
   * look-up and the engine are slow together a "one moment" modal opens first and is updated. `start` picks the
   * conversation (`order_start` opens the equipment order instead). `text`: what was written after `new` (the
   * problem, or "new for <person>"), handed to the intake as the turn's text.
   */
  async openIntakeModal(
    triggerId: string,
    person: Person | Promise<Person>,
    userId: string,
    start: Extract<ConversationAction, { verb: 'intake_start' | 'order_start' }> = { verb: 'intake_start' },
    arrivedAt: number = Date.now(),
    text?: Promise<string | undefined>,
  ): Promise<void> {
    const work = (async (): Promise<ModalTurn> => {
      const [who, said] = await Promise.all([person, text]);
      const locale = this.localeOf(who);
      const title = start.verb === 'order_start' ? slackTexts.orderModalTitle[locale] : undefined;
      const reply = await this.deps.intake.handle({
        conversationKey: conversationKeys.modal(userId),
        surface: 'form',
        person: who,
        locale,
        platform: 'slack',
        action: start,
        ...(said !== undefined ? { text: said } : {}),
      });
      return { view: intakeModal(reply.views, locale, title) };
    })();
    const raced = await this.race(work, arrivedAt);
    if (raced.done) {
      await this.openModal(triggerId, raced.value.view);
      return;
    }
    const locale = this.quickLocale(userId);
    const opened = await this.openModal(triggerId, workingModal(locale));
    if (opened) await this.updateWhenDone(opened, raced.later, locale, userId);
    else await raced.later;
  }

  /**
   * Replaces a "working on it" modal with what `later` brings, or — when it fails — with what went wrong ("our case
   * system is not answering …"), so the modal never stays on "working"; the failure is logged, not thrown. When the
   * modal cannot be updated (the person closed it meanwhile) that is logged too, and what went wrong goes to the
   * person's DM with the bot instead, as does an answer the turn says how to give elsewhere (`ModalTurn.instead`:
   * a stale card's refusal, told where the card was clicked); a case registered from the form posts nothing more
   * there: its registration queued the receipt in the outbox already, which brings it to the DM (one confirmation,
   * never "try again").
   */
  async updateWhenDone(viewId: string, later: Promise<ModalTurn>, locale: Locale, userId: string): Promise<void> {
    let turn: ModalTurn | undefined;
    let failure: unknown;
    let view: ModalView;
    try {
      turn = await later;
      view = turn.view;
    } catch (err) {
      this.log.error({ err }, 'slack: the work behind a "working on it" modal failed');
      failure = err;
      view = failureModal(err, locale);
    }
    try {
      await this.deps.client.views.update({ view_id: viewId, view });
    } catch (err) {
      this.log.warn({ err, viewId, userId }, 'slack: a "working on it" modal could not be updated (closed meanwhile?)');
      // What a modal that is gone would have shown, in the DM: what went wrong, only. A step of the form is no
      // answer outside its modal (the draft waits where it is), and a case or order registered from the form has its
      // receipt queued in the outbox by the registration itself (`receipt` for the `form` surface).
      const instead = turn
        ? turn.instead
        : () => this.post(userId, renderMessageBlocks(textView(locale, failureText(failure, locale))));
      await instead?.().catch((e: unknown) => {
        this.log.error({ err: e, userId }, 'slack: could not tell the person elsewhere either');
      });
    }
  }

  /** `views.open`; returns the view id. */
  async openModal(triggerId: string, view: ModalView): Promise<string | undefined> {
    const res = await this.deps.client.views.open({ trigger_id: triggerId, view });
    return res.view?.id;
  }
}
