import type { MessageView } from '../../cards/view-models.js';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { Logger } from '../../logger.js';
import type { Locale, Person } from '../../models/case.js';
import type { CaseStore } from '../../models/case-store.js';
import type { IncomingFile, KeptFiles } from '../../services/attachments.js';
import type { Clock } from '../../services/clock.js';
import type { CaseActions } from '../../services/case-actions.js';
import type { ConversationRouter } from '../../services/conversations.js';
import type { DailyDigest } from '../../services/sla/daily-digest.js';
import type { StaffServices } from '../run-staff-command.js';
import type { AddressMoves } from '../../services/address-moves.js';
import type { TeamsRefs } from './teams-refs.js';

/** The chat conversations (intake and equipment order) as the Teams transport uses them. */
export type TeamsIntake = Pick<ConversationRouter, 'handle' | 'look'>;
/** The case actions (lifecycle, order verbs to the order service) as the Teams transport uses them. */
export type TeamsCases = Pick<
  CaseActions,
  'act' | 'userReply' | 'userComment' | 'receipt' | 'lookup' | 'mine' | 'queue'
>;

/** Everything the Teams handlers need; wired once in the composition root. */
export interface TeamsBotDeps {
  intake: TeamsIntake;
  cases: TeamsCases;
  /** Reports, data protection and major incidents: `stats`, `admin export|erase`, `major …`. */
  staff: StaffServices;
  refs: TeamsRefs;
  /**
   * Channel bindings; groups by id (the assign menus' typeahead search); who the catalogue names by an address (a
   * staff member's changed address is held while the catalogue names them by the former one).
   */
  catalogue: Pick<CatalogueIndex, 'groupForChannel' | 'catalogue' | 'group' | 'groupsForEmail' | 'isAdmin'>;
  /** Whether a person is support staff (catalogue membership by e-mail). */
  isStaff: (person: Person) => boolean;
  /** Whether a person is a catalogue admin (by e-mail): their help lists the admin commands. */
  isAdmin: (person: Person) => boolean;
  /**
   * The daily digest as it stands now (`DailyDigest.current`): a click in a digest is answered with it, so the
   * digest stays in the chat. Without it (tests of other things) a digest click is answered as any card's.
   */
  digest?: Pick<DailyDigest, 'current'>;
  /**
   * The outbox (`getOutbox`): a click on the case card inside a delivered personal message (a supervisor's ping,
   * "assigned to you") is answered with that message again, around the fresh card. Without it, or once the message
   * is gone (retention, erasure), the answer is the case card alone.
   */
  sentMessages?: Pick<CaseStore, 'getOutbox'>;
  /**
   * Sends a view into the person's personal chat with the bot through its stored conversation reference, starting
   * no chat (`TeamsGateway.sendInPersonalChat`): false when the bot has none with them. Case lists (`queue`, `search`,
   * `similar`) asked for in a group chat or a channel that is no support group's go there, not to everyone in that
   * chat. Without it (tests of other things) they are refused there, with a hint to ask in the personal chat.
   */
  personalChat?: (personId: string, view: MessageView) => Promise<boolean>;
  clock: Clock;
  logger: Logger;
  /** DEFAULT_LOCALE: for people whose client sends no usable locale. */
  defaultLocale: Locale;
  /**
   * Records a message's id where every instance of the bot sees it (`store.markProcessed`) and tells whether it is
   * new: given when several instances may run (MongoDB), so that Teams delivering a message again to another
   * instance is caught too. Without it each process remembers the ids it handled itself.
   */
  sharedSeen?: (key: string, expiresAt: string) => Promise<boolean>;
  /**
   * Downloads and stores the pictures and files a person sent (`keepFiles`). Without it (tests of other things)
   * files are not kept and the person is told so.
   */
  keepFiles?: (person: Person, files: readonly IncomingFile[]) => Promise<KeptFiles>;
  /**
   * Moves, in the background, the cases naming someone by their former address alone (`email:<from>`) to their new
   * one (`AddressMoves`), when a member look-up names another address than their record has. Without it (tests of
   * other things) the record takes the new address and nothing else changes.
   */
  addressMoves?: Pick<AddressMoves, 'start'>;
}
