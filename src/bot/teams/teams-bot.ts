import type { Activity } from '@microsoft/agents-activity';
import type { ConnectorClient, TurnContext } from '@microsoft/agents-hosting';
import { renderMessageAdaptive } from '../../cards/adaptive/render-message-adaptive.js';
import type { MessageView } from '../../cards/view-models.js';
import type { Locale, Person } from '../../models/case.js';
import { isAppError } from '../../models/errors.js';
import {
  channelIdOf,
  type InboundActivity,
  inboundActivitySchema,
  isChannel,
  isSharedChat,
  localeOf,
  personOf,
  teamsPersonId,
  tenantOf,
} from './teams-activity.js';
import { handleCardAction } from './teams-card-action.js';
import type { TeamsBotDeps } from './teams-bot-deps.js';
import { handleChatMessage } from './teams-chat.js';
import { TEAMS_FILE_INFO, teamsIncomingFiles } from './teams-files.js';
import { SEARCH_INVOKE, handleSearch, searchResponse } from './teams-search.js';
import { personFromRef } from './teams-directory.js';
import { teamsHelp } from './teams-help.js';
import { helpRightsOf } from '../command-help.js';
import { cardResponse, messageActivity, outgoingActivity } from './teams-messages.js';
import { recordEmail, type TeamsPersonRef } from './teams-refs.js';
import { teamsTexts } from './teams-texts.js';
import { statusOf, toDeliveryError } from './teams-delivery-error.js';
import { refreshBlock } from './teams-rate-limit.js';
import { withReplyRetries } from '../reply-retry.js';
import { TtlCache } from '../../services/ttl-cache.js';
import type { IncomingFile } from '../../services/attachments.js';

const replyFailure = (err: unknown) => toDeliveryError(err, 'send a reply');
/** How long a message id is remembered against Teams redelivering it (it does so after 15 s without an answer). */
const REDELIVERY_WINDOW_MS = 10 * 60 * 1000;
const SEEN_MESSAGES_KEPT = 20_000;
/**
 * How long a member look-up that gave no address (Teams answered without e-mail or UPN, or does not know the member
 * in that conversation: 404) stands before Teams is asked again, as a record is confirmed at most hourly
 * (`REF_REFRESH_MS`). One that gave an address is kept in the person's record and not asked again.
 */
const MEMBER_UNKNOWN_MS = 60 * 60 * 1000;
/**
 * How old an address from a member look-up may grow before Teams is asked again, at the person's next turn: an
 * e-mail that changed (a new name, a guest made a member) otherwise stayed in the record for good. A younger one
 * costs a turn nothing (`addressCurrent`).
 */
const MEMBER_REFRESH_MS = 24 * 60 * 60 * 1000;
/** How long after a member look-up that failed (5xx, 429, 401, no answer in time) Teams is asked again. */
const MEMBER_FAILED_MS = 5 * 60 * 1000;
/**
 * How long a turn waits for the member look-up (ms): it usually answers within a second, and without this bound a
 * connector that does not answer held the turn for the whole platform time-out (15 s), past the time Teams waits for
 * an answer. The look-up then counts as failed (`MEMBER_FAILED_MS`) for the turn; an address it gives later is still
 * kept in the person's record (`keepLateMember`), so the next turn knows it.
 */
const MEMBER_LOOKUP_MS = 5_000;
/**
 * While member look-ups keep failing for the same cause (an HTTP status, no answer in time, no connection), it is
 * logged at warn again after this long (ms): a connector that refuses every look-up (a missing permission, a
 * refused token) would otherwise be logged at every new person's turn, or, at debug, not seen at all.
 */
const MEMBER_TROUBLE_LOG_MS = 10 * 60 * 1000;
/** Bound on the people whose member look-up gave no address, remembered per process. */
const MEMBERS_WITHOUT_ADDRESS_KEPT = 10_000;

/** The invoke name of an Adaptive Card `Action.Execute` (Universal Actions). */
export const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';

/** One turn as the handlers see it: the validated activity, who sent it, and how to answer. */
export interface TeamsTurn {
  activity: InboundActivity;
  person: Person;
  locale: Locale;
  /**
   * Sends a message view into the conversation the activity came from; a bare case card (`messageActivity`) is
   * refreshed automatically for `refreshUserIds`.
   */
  reply(view: MessageView, refreshUserIds?: string[]): Promise<void>;
  /** Sends a plain Markdown message (no card), e.g. preformatted JSON that a card could not hold. */
  replyMarkdown(text: string): Promise<void>;
  /** Sets the invoke response (only meaningful for invokes). */
  respond(value: { status: number; body?: unknown }): Promise<void>;
  /** The pictures and files the message carried, not yet downloaded (`teamsIncomingFiles`). */
  files(): IncomingFile[];
}

function plain(activity: Activity): unknown {
  return {
    type: activity.type,
    id: activity.id,
    name: activity.name,
    text: activity.text,
    locale: activity.locale,
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    replyToId: activity.replyToId,
    from: activity.from,
    recipient: activity.recipient,
    conversation: activity.conversation,
    channelData: activity.channelData,
    value: activity.value,
    action: activity.action,
    membersAdded: activity.membersAdded,
    membersRemoved: activity.membersRemoved,
    entities: activity.entities,
    attachments: activity.attachments?.map((a) => ({
      contentType: a.contentType,
      name: a.name,
      contentUrl: a.contentUrl,
      // Only a file share's content (its download link); a card's content is not needed here.
      content: a.contentType === TEAMS_FILE_INFO ? a.content : undefined,
    })),
  };
}

/**
 * The Teams turn handler: validates the activity, remembers who wrote and where (conversation references,
 * member info, channel bindings), then routes messages (commands, intake, replies to a question), Action.Execute
 * invokes (intake or case actions, answered with the fresh card), typeahead searches (`application/search`) and
 * installation updates. Never lets an error reach the SDK: users get a friendly message, invokes a card (a search
 * an empty list), and the log the details.
 */
export class TeamsBot {
  /**
   * Message activities handled lately, by conversation and activity id: Teams sends a message again, with the same
   * id, when the bot has not answered it within 15 s — handled twice, an intake answer would also answer the next
   * question. Per process, and in the shared store when several instances may run (`sharedSeen`).
   */
  private readonly seenMessages = new TtlCache<string, true>({ maxEntries: SEEN_MESSAGES_KEPT });

  /**
   * People whose member look-up gave no address lately (`MEMBER_UNKNOWN_MS`, `MEMBER_FAILED_MS`), by person id and
   * the conversation asked (`memberKey`): a record without e-mail or UPN would otherwise have Teams asked at every
   * turn of theirs. Only in that conversation: one that does not know them (a group chat) does not keep them from
   * being asked in another (their personal chat).
   */
  private readonly membersAsked = new TtlCache<string, true>({ maxEntries: MEMBERS_WITHOUT_ADDRESS_KEPT });

  /** When each cause of failed member look-ups was last logged at warn (ms, the bot's clock); `memberTrouble`. */
  private readonly memberTroubleLogged = new Map<string, number>();

  /** People whose address the catalogue holds that this process has warned about (`catalogueHolds`): once each. */
  private readonly heldLogged = new Set<string>();

  constructor(private readonly deps: TeamsBotDeps) {}

  /** The function to hand to `mountTeams` / `adapter.process`. */
  readonly run = async (context: TurnContext): Promise<void> => {
    const parsed = inboundActivitySchema.safeParse(plain(context.activity));
    if (!parsed.success) {
      this.deps.logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'Teams activity ignored: unexpected shape');
      if (context.activity.type === 'invoke') await context.sendActivity(invokeResponse({ status: 400 }));
      return;
    }
    const activity = parsed.data;
    if (activity.from.id === activity.recipient.id) return;
    if (
      activity.type === 'message' &&
      activity.id &&
      (await this.seenBefore(`${activity.conversation.id}|${activity.id}`))
    ) {
      this.deps.logger.info({ activityId: activity.id }, 'Teams message delivered again; handled once already');
      return;
    }
    if (isPersonalUninstall(activity)) {
      await this.onUninstall(activity);
      return;
    }
    if (isTeamRemoval(activity)) {
      await this.onTeamRemoved(activity);
      return;
    }
    const person = await this.remember(context, activity);
    const locale = person.locale ?? this.deps.defaultLocale;
    const turn: TeamsTurn = {
      activity,
      person,
      locale,
      reply: async (view, refreshUserIds) => {
        const send = () => context.sendActivity(outgoingActivity(messageActivity(view, refreshUserIds)));
        await withReplyRetries(send, replyFailure);
      },
      replyMarkdown: async (text) => {
        const activity = outgoingActivity({ type: 'message', textFormat: 'markdown', text });
        await withReplyRetries(() => context.sendActivity(activity), replyFailure);
      },
      respond: async (value) => {
        await context.sendActivity(invokeResponse(value));
      },
      files: () => {
        const client = context.turnState.get<ConnectorClient | undefined>(context.adapter.ConnectorClientKey);
        const auth = client?.httpClient.defaultHeaders['authorization'];
        return teamsIncomingFiles(activity, typeof auth === 'string' ? auth : undefined);
      },
    };
    try {
      switch (activity.type) {
        case 'message':
          await handleChatMessage(this.deps, turn);
          return;
        case 'invoke':
          if (activity.name === ADAPTIVE_CARD_ACTION) await handleCardAction(this.deps, turn);
          else if (activity.name === SEARCH_INVOKE) await handleSearch(this.deps, turn);
          return;
        case 'conversationUpdate':
        case 'installationUpdate':
          await this.onInstall(turn);
          return;
        default:
          return;
      }
    } catch (err) {
      this.deps.logger.error({ err, type: activity.type, name: activity.name }, 'Teams handler failed');
      const texts = teamsTexts[locale];
      const text = isAppError(err, 'STORE.UNAVAILABLE') ? texts.storeDown : texts.failed;
      const view: MessageView = { kind: 'message', locale, text };
      if (activity.type === 'invoke' && activity.name === SEARCH_INVOKE) {
        await turn.respond(searchResponse([]));
      } else if (activity.type === 'invoke') {
        // A case card's refresh keeps its refresh block: Teams asks again later and the case card comes back,
        // instead of the notice standing in its place for good, without buttons.
        const card = renderMessageAdaptive(view);
        const refresh = refreshBlock(activity.value, activity.from.id);
        await turn.respond(cardResponse(refresh ? { ...card, refresh } : card));
      } else if (activity.type === 'message') {
        await turn.reply(view).catch(() => undefined);
      }
    }
  };

  /**
   * Stores what this activity tells about the sender (Teams user id, AAD id, tenant, name, locale, the personal
   * conversation reference, the service URL) and, once, the member info (e-mail, UPN). A channel activity whose
   * channel is bound in the catalogue also captures that binding. Store failures are logged, not fatal: the person
   * is then who the activity and Teams' member info say (so a staff member is still known by e-mail).
   */
  private async remember(context: TurnContext, activity: InboundActivity): Promise<Person> {
    const { refs, clock, logger } = this.deps;
    const personId = teamsPersonId(activity.from);
    const now = clock.now();
    const tenantId = tenantOf(activity);
    // undefined: not read (the store did not answer), so `savePerson` reads it itself; null: no record yet.
    let previous: TeamsPersonRef | null | undefined;
    try {
      if (activity.serviceUrl) await refs.saveServiceUrl(tenantId, activity.serviceUrl, now);
      previous = await refs.recentPerson(personId, now);
    } catch (err) {
      logger.warn({ err, personId }, 'Teams: could not read the person record');
    }
    const reference =
      !isSharedChat(activity) && activity.serviceUrl ? context.activity.getConversationReference() : undefined;
    // A held address is asked for again as soon as the catalogue no longer holds it (an admin updated it); none while
    // the cases of the address before are being moved (the record takes no other address meanwhile).
    const ask =
      previous?.movingFrom === undefined &&
      (!addressCurrent(previous, now) || (previous?.heldEmail !== undefined && !this.holds(previous)));
    let member = ask ? await this.memberInfo(context, activity, now) : undefined;
    if (member) member = this.withMove(previous, this.catalogueHolds(personId, previous, member));
    const locale = localeOf(activity.locale) ? activity.locale : undefined;
    const patch = {
      userId: activity.from.id,
      ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
      ...(tenantId ? { tenantId } : {}),
      name: activity.from.name?.trim() || previous?.name || activity.from.id,
      ...(locale ? { locale } : {}),
      // With a record that could not be read, Teams' answer is this turn's and is not written: it could replace an
      // address the catalogue holds (`catalogueHolds`, which needs the record) and leave the cases behind.
      ...(previous !== undefined ? (member ?? {}) : {}),
      ...(reference ? { reference: { ...reference, activityId: undefined } as never } : {}),
      ...(activity.serviceUrl ? { serviceUrl: activity.serviceUrl } : {}),
    };
    let known: TeamsPersonRef = { ...(previous ?? {}), ...patch, ...(member ?? {}), updatedAt: now.toISOString() };
    try {
      known = await refs.savePerson(personId, patch, now, previous);
      this.moveCases(personId, known);
      if (isChannel(activity)) await this.captureChannel(activity, botAdded(activity));
    } catch (err) {
      logger.warn({ err, personId }, 'Teams: could not store the conversation reference');
    }
    return personOf(activity, personFromRef(personId, known));
  }

  /**
   * Whether `key` was seen within the redelivery window — by this process, or by any instance when the store is
   * shared (`sharedSeen`); remembers it if not. A shared store that does not answer does not hold the message up:
   * it is handled (and the person told if the turn's own store calls fail).
   */
  private async seenBefore(key: string): Promise<boolean> {
    const now = this.deps.clock.now();
    if (this.seenMessages.get(key, now)) return true;
    this.seenMessages.set(key, true, REDELIVERY_WINDOW_MS, now);
    const shared = this.deps.sharedSeen;
    if (!shared) return false;
    // Wall time, as for Slack's event ids: Teams resends within real minutes, and the store's own clock judges.
    const expiresAt = new Date(Date.now() + REDELIVERY_WINDOW_MS).toISOString();
    const first = await shared(`teams:message:${key}`, expiresAt).catch((err: unknown) => {
      this.deps.logger.warn({ err }, 'Teams redelivery check unavailable; handling the message');
      return true;
    });
    return !first;
  }

  /**
   * Teams member info (e-mail, UPN, given name, surname, and `memberAt` when it gives an address); undefined when
   * Teams does not answer. In a team the team's roster is asked, as the SDK's `TeamsInfo.getMember` does: Teams
   * knows no members of a channel's thread (`19:…;messageid=…`). When it gives no address, or fails, the person is
   * not looked up again in that conversation for a while (`membersAsked`).
   */
  private async memberInfo(context: TurnContext, activity: InboundActivity, now: Date) {
    const where = activity.channelData?.team?.id ?? activity.conversation.id;
    const key = memberKey(activity);
    if (this.membersAsked.get(key, now)) return undefined;
    try {
      const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      if (!client) return undefined;
      const lookup = client.getConversationMember(activity.from.id, where);
      const m = await withinTime(lookup, MEMBER_LOOKUP_MS, 'Teams member look-up').catch((err: unknown) => {
        // Not answered in time: the turn goes on without it, but an answer that comes is not thrown away.
        if (err instanceof Error && err.name === 'TimeoutError') void this.keepLateMember(lookup, activity, key);
        throw err;
      });
      const member = memberFields(m);
      if (member.email || member.upn) return { ...member, memberAt: now.toISOString() };
      this.membersAsked.set(key, true, MEMBER_UNKNOWN_MS, now);
      return member;
    } catch (err) {
      // A refusal (404: not a member of that conversation, as in the Agents Playground) stands like an answer.
      const refused = toDeliveryError(err, 'look up a member').permanent;
      this.membersAsked.set(key, true, refused ? MEMBER_UNKNOWN_MS : MEMBER_FAILED_MS, now);
      this.deps.logger.debug({ err }, 'Teams member info unavailable');
      this.memberTrouble(err, now);
      return undefined;
    }
  }

  /**
   * Logs a failed member look-up at warn, once per cause every `MEMBER_TROUBLE_LOG_MS`: the connector refusing
   * look-ups (403: a missing permission; 401: the bot's token) leaves everyone new without an address (no staff
   * rights), which at debug no operator saw. Named by the HTTP status (and Teams' error code), `timeout` or the
   * connection error's code; never the person (their id or address), nor the error itself (its request carries
   * the bot's token). A 404 is an answer (not a member of that conversation, as in a group chat), not logged here.
   */
  private memberTrouble(err: unknown, now: Date): void {
    const status = statusOf(err);
    if (status === 404) return;
    const e = (err ?? {}) as { name?: unknown; code?: unknown; response?: { data?: { error?: { code?: unknown } } } };
    const teamsCode = typeof e.response?.data?.error?.code === 'string' ? e.response.data.error.code : undefined;
    const cause =
      status !== undefined
        ? `HTTP ${status}`
        : e.name === 'TimeoutError'
          ? 'timeout'
          : typeof e.code === 'string'
            ? e.code
            : 'unreachable';
    const last = this.memberTroubleLogged.get(cause);
    if (last !== undefined && now.getTime() - last < MEMBER_TROUBLE_LOG_MS) return;
    this.memberTroubleLogged.set(cause, now.getTime());
    this.deps.logger.warn(
      { cause, ...(status !== undefined ? { status } : {}), ...(teamsCode ? { teamsCode } : {}) },
      `Teams member look-up failed (${cause}): until it answers, people whose address the bot does not have yet get no staff rights and a changed address is not taken (logged once per cause in 10 minutes)`,
    );
  }

  /**
   * A member look-up's answer that gives the record another address than it has (a new name, a guest made a member),
   * with the former one as `movingFrom`: the cases naming the person by it alone (`email:<address>`) are then moved
   * to the new one in the background (`moveCases`), so they stay in their `mine` and their messages by e-mail reach
   * them, and the record keeps `movingFrom` until every one is moved.
   */
  private withMove<M extends { email?: string; upn?: string }>(
    before: TeamsPersonRef | null | undefined,
    member: M,
  ): M & { movingFrom?: string } {
    const from = before ? recordEmail(before) : undefined;
    // The address the answer names (a turn's answer and a late one alike; one naming none changes nothing).
    const to = recordEmail(member);
    if (!from || !to || from === to || !this.deps.addressMoves) return member;
    return { ...member, movingFrom: from };
  }

  /** Starts (again) the move of the cases of the record's former address, when it has one (`movingFrom`). */
  private moveCases(personId: string, record: TeamsPersonRef): void {
    const to = recordEmail(record);
    if (record.movingFrom && to) this.deps.addressMoves?.start(personId, record.movingFrom, to);
  }

  /**
   * Whether the catalogue holds a person's address: it names them (a group's member or supervisor, an admin) by the
   * record's address, `ref`'s, and not by `to` (default: the address held back in the record, `heldEmail`).
   */
  private holds(ref: Pick<TeamsPersonRef, 'email' | 'upn' | 'heldEmail'>, to = ref.heldEmail): boolean {
    const from = recordEmail(ref);
    if (!from || !to || from === to) return false;
    const { catalogue } = this.deps;
    const names = (address: string) => catalogue.groupsForEmail(address).length > 0 || catalogue.isAdmin(address);
    return names(from) && !names(to);
  }

  /**
   * A member look-up's answer as the record takes it. Staff are known to the catalogue by e-mail: when the answer
   * gives a staff member another address than the one the catalogue names them by (a new name), the record keeps
   * the catalogue's address (the answer's held back as `heldEmail`), so they keep their staff rights and their cases
   * and messages by e-mail stay as the catalogue says, Teams having said it is the same person (the same id). The
   * operator is warned, once per person per run, to put the new address into the catalogue; once it is there (or
   * the former one is gone) their next turn takes the new address and their cases follow (`withMove`). The
   * warning names the person by their id and the catalogue's groups, never by an address.
   */
  private catalogueHolds<M extends { email?: string; upn?: string }>(
    personId: string,
    before: TeamsPersonRef | null | undefined,
    member: M,
  ): M & { heldEmail?: string } {
    const to = recordEmail(member);
    if (!before || !to || !this.holds(before, to)) return member;
    if (!this.heldLogged.has(personId)) {
      this.heldLogged.add(personId);
      const from = recordEmail(before) as string;
      const groups = this.deps.catalogue.groupsForEmail(from).map((g) => g.id);
      this.deps.logger.warn(
        { personId, groups, admin: this.deps.catalogue.isAdmin(from) },
        "Teams: a staff member's address changed, but the catalogue (config/catalogue.yaml) names them by the former one: they keep the former address, and their staff rights, until the catalogue's groups (members, supervisor) or admins name the new one; please update it (logged once per person while the bot runs)",
      );
    }
    return { ...member, email: before.email, upn: before.upn, heldEmail: to };
  }

  /**
   * A member look-up that answered after the turn stopped waiting (`MEMBER_LOOKUP_MS`): an address it gives goes
   * into the person's record, and the look-up no longer stands as failed, so their next turn knows them (a staff
   * member is staff again at once, not after `MEMBER_FAILED_MS`). Before, such an answer was dropped and the
   * person was taken for someone without an address for 5 minutes, though Teams had said who they are.
   */
  private async keepLateMember(lookup: Promise<unknown>, activity: InboundActivity, key: string): Promise<void> {
    try {
      const answer = memberFields(await lookup);
      if (!answer.email && !answer.upn) return;
      const { refs, clock } = this.deps;
      const personId = teamsPersonId(activity.from);
      const before = await refs.person(personId);
      // A move of cases begun meanwhile (another turn's answer) is finished first.
      if (before?.movingFrom) return;
      const member = this.withMove(before, this.catalogueHolds(personId, before, answer));
      const name = activity.from.name?.trim() || before?.name || activity.from.id;
      const now = clock.now();
      const saved = await refs.savePerson(
        personId,
        { userId: activity.from.id, name, ...member, memberAt: now.toISOString() },
        now,
      );
      this.membersAsked.delete(key);
      this.moveCases(personId, saved);
    } catch (err) {
      this.deps.logger.debug({ err }, 'Teams: a late member look-up could not be kept');
    }
  }

  /**
   * Binds the catalogue group whose Teams channel this is to the service URL and tenant seen here. `install`: the
   * app was just added to the team, so the binding is written even where this instance remembers it as stored.
   */
  private async captureChannel(activity: InboundActivity, install: boolean): Promise<void> {
    const channelId = channelIdOf(activity);
    if (!channelId || !activity.serviceUrl) return;
    const tenantId = tenantOf(activity);
    for (const group of this.groupsOfChannel(activity)) {
      const binding = group.channels.teams;
      if (!binding) continue;
      await this.deps.refs.saveChannel(
        group.id,
        {
          teamId: binding.teamId,
          channelId: binding.channelId,
          serviceUrl: activity.serviceUrl,
          ...(tenantId ? { tenantId } : {}),
          ...(activity.channelData?.team?.name ? { teamName: activity.channelData.team.name } : {}),
          capturedAt: this.deps.clock.now().toISOString(),
        },
        install,
      );
    }
  }

  /** The catalogue groups bound to the channel of a channel activity, or to any channel of its team. */
  private groupsOfChannel(activity: InboundActivity) {
    const channelId = channelIdOf(activity);
    const teamId = activity.channelData?.team?.id;
    return this.deps.catalogue.catalogue.groups.filter(
      (g) => g.channels.teams?.channelId === channelId || (teamId !== undefined && g.channels.teams?.teamId === teamId),
    );
  }

  /**
   * App removed from a team: every group whose channel is in that team loses its binding (`unbindChannel`), with a
   * warning naming the group, so its cards are no longer posted into a channel Teams refuses (each a dead letter)
   * and an admin knows to add the app again; `remember`, which would bind the channel again, is not run. Nothing is
   * sent: the bot is no longer in the team. A store failure is logged.
   */
  private async onTeamRemoved(activity: InboundActivity): Promise<void> {
    const teamId = activity.channelData?.team?.id;
    const now = this.deps.clock.now();
    for (const group of this.groupsOfChannel(activity)) {
      const binding = group.channels.teams;
      if (!binding) continue;
      try {
        await this.deps.refs.unbindChannel(group.id, binding, now);
        this.deps.logger.warn(
          { groupId: group.id, teamId: teamId ?? binding.teamId, channelId: binding.channelId },
          `Teams app removed from the team of group ${group.id}: its case cards are not posted to Teams until the app is added to that team again`,
        );
      } catch (err) {
        this.deps.logger.warn(
          { err, groupId: group.id },
          'Teams: could not forget the channel binding of a removed team',
        );
      }
    }
  }

  /**
   * App uninstalled from a personal chat: its conversation reference is forgotten (and `remember`, which would
   * store it again, is not run), so later personal messages create the chat anew instead of going into one Teams
   * refuses with 403. Nothing is sent: the bot is no longer in that chat. A store failure is logged.
   */
  private async onUninstall(activity: InboundActivity): Promise<void> {
    const personId = teamsPersonId(activity.from);
    try {
      await this.deps.refs.forgetReference(personId, this.deps.clock.now());
      this.deps.logger.info({ personId }, 'Teams app uninstalled from a personal chat: its reference is forgotten');
    } catch (err) {
      this.deps.logger.warn({ err, personId }, 'Teams: could not forget the reference of an uninstalled personal chat');
    }
  }

  /** App added to a personal chat: a welcome. References and channel bindings were stored by `remember`. */
  private async onInstall(turn: TeamsTurn): Promise<void> {
    const { activity } = turn;
    if (isSharedChat(activity)) return;
    const botId = activity.recipient.id;
    const added = activity.type === 'conversationUpdate' && (activity.membersAdded ?? []).some((m) => m.id === botId);
    if (!added) return;
    const t = teamsTexts[turn.locale];
    const help = teamsHelp(helpRightsOf(turn.person, this.deps), turn.locale);
    await turn.reply({ kind: 'message', locale: turn.locale, title: t.helpTitle, text: `${t.welcome}\n\n${help}` });
  }
}

/**
 * Teams' `installationUpdate` saying the app was removed from a personal chat (`remove`, or `remove-upgrade` when
 * an app update took the bot out of that scope), or the `conversationUpdate` Teams sends with it whose
 * `membersRemoved` holds the bot: either way the chat is gone, and the reference must not be stored again.
 */
function isPersonalUninstall(activity: InboundActivity): boolean {
  return !isSharedChat(activity) && botRemoved(activity);
}

/**
 * Teams' `installationUpdate` saying the app was removed from a team (`remove`, `remove-upgrade`), or the
 * `conversationUpdate` removing the bot from it (`membersRemoved` holds the bot): the team's channels are gone.
 */
function isTeamRemoval(activity: InboundActivity): boolean {
  return isChannel(activity) && botRemoved(activity);
}

/**
 * Whether the activity removes the app: `installationUpdate` `remove`/`remove-upgrade`, or a `conversationUpdate`
 * removing the bot.
 */
function botRemoved(activity: InboundActivity): boolean {
  if (activity.type === 'installationUpdate')
    return activity.action === 'remove' || activity.action === 'remove-upgrade';
  const botId = activity.recipient.id;
  return activity.type === 'conversationUpdate' && (activity.membersRemoved ?? []).some((m) => m.id === botId);
}

/** Whether the activity adds the app: `installationUpdate` `add`, or a `conversationUpdate` adding the bot. */
function botAdded(activity: InboundActivity): boolean {
  if (activity.type === 'installationUpdate') return activity.action === 'add' || activity.action === 'add-upgrade';
  const botId = activity.recipient.id;
  return activity.type === 'conversationUpdate' && (activity.membersAdded ?? []).some((m) => m.id === botId);
}

/** Whose member look-up in which conversation (`TeamsBot.membersAsked`): the team's roster in a team. */
function memberKey(activity: InboundActivity): string {
  return `${teamsPersonId(activity.from)}|${activity.channelData?.team?.id ?? activity.conversation.id}`;
}

/**
 * Whether the record has an address a member look-up gave less than `MEMBER_REFRESH_MS` ago, so the turn asks Teams
 * nothing. A record without `memberAt` (written before it was kept) is asked once more.
 */
function addressCurrent(ref: TeamsPersonRef | null | undefined, now: Date): boolean {
  if (!ref?.email && !ref?.upn) return false;
  const age = now.getTime() - Date.parse(ref.memberAt ?? '');
  return age >= 0 && age < MEMBER_REFRESH_MS;
}

/** What the bot keeps of Teams' member record (e-mail, UPN, given name, surname): the non-empty texts among them. */
function memberFields(value: unknown): { email?: string; upn?: string; givenName?: string; surname?: string } {
  const m = (value ?? {}) as Record<string, unknown>;
  const text = (k: string) => (typeof m[k] === 'string' && m[k] !== '' ? (m[k] as string) : undefined);
  const email = text('email');
  const upn = text('userPrincipalName');
  const givenName = text('givenName');
  const surname = text('surname');
  return {
    ...(email ? { email } : {}),
    ...(upn ? { upn } : {}),
    ...(givenName ? { givenName } : {}),
    ...(surname ? { surname } : {}),
  };
}

/**
 * `work`'s result, or a `TimeoutError` once `ms` have passed (`work` goes on; its later failure is ignored).
 */
async function withinTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`${what}: no answer within ${ms} ms`);
      err.name = 'TimeoutError';
      reject(err);
    }, ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

function invokeResponse(value: { status: number; body?: unknown }): Activity {
  return outgoingActivity({ type: 'invokeResponse', value });
}
