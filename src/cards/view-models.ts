import type { CaseStatus, CaseType, Locale, Priority } from '../models/case.js';

/**
 * Platform-neutral view models. Services and the intake engine produce these; `src/cards/` renders them to
 * Adaptive Cards (Teams) and Block Kit (Slack), so both channels show the same thing. All strings here are
 * already localised; user text stays data (renderers escape it for their platform, never splice it into
 * template syntax).
 */

/** A button or menu that submits a card action (see `card-actions.ts`). */
export interface ActionView {
  /** The action payload submitted when clicked (a `CardAction`). */
  action: Record<string, unknown> & { verb: string };
  label: string;
  style?: 'positive' | 'destructive' | 'default';
  /**
   * Fields of `action` a platform may leave out when its button cannot carry the whole action (a Slack button's
   * value takes 2000 characters): the click means the same without them, only less is filled in (the values typed
   * into a form that an order's "Try again" carries along). Teams keeps them all. A platform that leaves anything
   * out keeps what still fits (an object field's entries one by one) and says what it left out in the action's
   * `leftOut` (`LeftOut`), added to any the action already names, so the click can ask for it again.
   */
  optionalFields?: readonly string[];
  /**
   * A form's button that takes none of its inputs (Back and Cancel of a report or an order): Teams sends it unchecked
   * (`associatedInputs: none`), so a required field left empty or a number outside its limits does not hold it back.
   */
  inputless?: boolean;
}

/**
 * What a button's action lacks of what it was given (`ActionView.optionalFields` left out): the paths left out, a
 * field's name or `<field>.<key>` for an entry of an object field (`values.special`), or `true` when even their list
 * did not fit (anything may be missing).
 */
export type LeftOut = true | readonly string[];

export interface FactView {
  label: string;
  value: string;
}

/**
 * A menu on a case card: choosing an option submits `verb` on the case, with the option's value in the action field
 * named by `id` (`status`, `groupId`, `assigneeEmail`, `assigneeId`, `reason`). An `id` that is not a field of the
 * verb falls back to the verb's usual field (`set_status` → `status`, `escalate_group` → `groupId`, `assign` →
 * `assigneeEmail`, `return_to_technician` → `reason`).
 */
export interface MenuView {
  id: string;
  label: string;
  verb: string;
  options: OptionView[];
  /**
   * Set when `options` holds only the first few choices of a longer list (a large desk's people): the dataset to
   * search for the rest as the user types (Teams typeahead `Data.Query`, Slack `external_select`). Answered by
   * `searchAssignOptions` for `assignees:<group id>`.
   */
  search?: string;
}

/** One choice of a menu or of a choice input. */
export interface OptionView {
  value: string;
  label: string;
  /**
   * The escalation choice of the group holding a case handed over outside AU IT: escalating to it takes the case
   * back (Slack's escalation modal says so on its "another group" choice).
   */
  takeBack?: true;
}

/** An input on a form (intake question, note text, solution, escalation target …). */
export interface InputView {
  id: string;
  kind: 'text' | 'multiline' | 'choice' | 'date' | 'yes_no' | 'number' | 'person';
  label: string;
  required: boolean;
  placeholder?: string;
  value?: string;
  options?: OptionView[];
  /** For a choice: `options` are the first few, the rest is searched in this dataset (see `MenuView.search`). */
  search?: string;
  /** Shown under the input when a previous answer was refused. */
  error?: string;
  maxLength?: number;
  /**
   * For a number: a count, taking whole numbers only (Slack's number input then takes no decimals), from `min` to
   * `max` when given (the limits the server holds it to).
   */
  integer?: boolean;
  min?: number;
  max?: number;
}

/** A form: inputs plus submit actions; the submitted values come back with the chosen action. */
export interface FormView {
  id: string;
  inputs: InputView[];
  submit: ActionView[];
}

/** A personal message or a prompt: text, facts, optional form and buttons. */
export interface MessageView {
  kind: 'message';
  locale: Locale;
  title?: string;
  /** Plain text (no markup); may contain several paragraphs separated by blank lines. */
  text: string;
  facts?: FactView[];
  form?: FormView;
  actions?: ActionView[];
  /** A person to @mention in the message (pings). */
  mention?: { id: string; name: string };
  /** An attached case card (e.g. a supervisor ping shows the case). */
  caseCard?: CaseCardView;
  /**
   * The text is what the message is for (a part of a long text sent whole in parts, `messageParts`): should the
   * message with its `caseCard` be too big for Slack, the case card is cut to what the text leaves, not the text
   * (otherwise the message's own texts are cut first). Teams renders it as before (its byte budget left a part and a
   * case card with three long notes room where Slack's did not).
   */
  keepText?: boolean;
  /**
   * The id of the outbox message this personal message was delivered from (set by the deliverer). Teams marks the
   * buttons of `caseCard` with it, so a click on one is answered with this message again around the fresh card, and
   * the buttons of its form that answer it (`ANSWERS_IN_PLACE`: "Yes, solved", the rating), so their answer keeps
   * the message's title and text above it.
   */
  deliveredFrom?: string;
  /** An image shown under the text (e.g. a report chart); `url` must be reachable by Teams/Slack (public HTTPS). */
  image?: { url: string; alt: string; width: number; height: number };
}

/** The card posted in a support group's channel, and shown when someone looks a case up. */
export interface CaseCardView {
  kind: 'case';
  locale: Locale;
  caseId: string;
  number: string;
  version: number;
  title: string;
  typeLabel: string;
  categoryLabel: string;
  priority: Priority;
  priorityLabel: string;
  status: CaseStatus;
  statusLabel: string;
  userLabel: string;
  reporterLabel?: string;
  groupLabel: string;
  assigneeLabel?: string;
  slaLabel?: string;
  breached: boolean;
  /** The latest notes, newest first (at most 3). */
  notes: { author: string; at: string; text: string; internal: boolean }[];
  /** The current solution: only while the case is resolved or closed. */
  solution?: string;
  /**
   * The solutions that did not hold, newest first, under the current one (PROCESS.md step 8, newest on top): each
   * with its heading ("Earlier solution, did not hold (3 Mar 10:00, Jonas Vestergaard)") and its whole text; the
   * cards show the newest few, shortened (`EARLIER_SOLUTIONS_SHOWN`). A case back at work shows its latest
   * solution here, not as the solution.
   */
  earlierSolutions?: { heading: string; text: string }[];
  /**
   * The user's pictures and files, oldest first: name, size ("240 KB") and the download link (only with
   * PUBLIC_URL: Teams and Slack users open it from the bot's server).
   */
  attachments?: { name: string; size: string; url?: string }[];
  /** "Moved to Network team" etc. when this card is no longer the active one. */
  banner?: string;
  facts: FactView[];
  /** Buttons for staff; empty on a card that is read-only for the viewer or inactive. */
  actions: ActionView[];
  /** Menus (assign to member, set status, escalate to group) with their options. */
  menus: MenuView[];
  /**
   * Nobody is known above the viewer (no supervisor in the catalogue, no manager of hers): the card offers no
   * escalation to the manager, neither in its Escalate menu nor in its escalation form.
   */
  nobodyAbove?: boolean;
  /**
   * Optional inputs shown just above the buttons, each taken only by the button whose verb prefixes its id (the
   * user's "What is still wrong?", `still_a_problem.comment`, for "No, still a problem").
   */
  inputs?: InputView[];
  /** Short note such as "Changed meanwhile by Anna" shown above the card. */
  notice?: string;
  /** Set when the viewer may classify the case: what its classify form offers (`ClassifyView`). */
  classify?: ClassifyView;
  /**
   * What the viewer typed into the card's inputs and forms, by input id (`note.text`), shown in them again: a
   * submission that could not be saved (the store not answering) comes back with the card, so nothing typed is lost
   * and the same button can be pressed again. Teams only; Slack's forms are modals of their own.
   */
  typed?: Readonly<Record<string, string>>;
}

/**
 * The classify form's current values and choices (PROCESS.md steps 2–4: category, type, priority). A list left
 * out is a field that may not change here: a resolved case keeps its priority (its SLA was measured against it),
 * an equipment order keeps its category and type.
 */
export interface ClassifyView {
  categoryId: string;
  type: CaseType;
  priority: Priority;
  categories?: { value: string; label: string }[];
  types?: { value: string; label: string }[];
  priorities?: { value: string; label: string }[];
}

export type View = MessageView | CaseCardView;

/** The earlier solutions a case card shows (newest first), each cut to a few lines; the rest are counted. */
export const EARLIER_SOLUTIONS_SHOWN = 3;
