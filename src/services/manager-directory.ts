import type { Logger } from '../logger.js';
import { normEmail, type Person } from '../models/case.js';
import type { Directory, ManagerSource } from './ports/directory.js';
import { samePerson } from './roles.js';

/**
 * `directory` with managers from `managers` (the managers file): a person's manager is found by the person's
 * e-mail (looked up in `directory` for a platform id), and the manager's e-mail is looked up in `directory` as
 * staff are, so the manager comes back as the person a platform knows — with the id the ping, the @mention and the
 * approval card go to, and her name and language. A manager whom no platform knows yet (on Teams: who has never
 * written to the bot) is not returned, so the caller falls through to the next level as without a manager; the
 * log says so once per manager (until she is erased: `forget` drops her e-mail from that memory too). People the
 * source names no manager for are asked of `directory`'s own `managerOf`.
 */
export function withManagers(directory: Directory, managers: ManagerSource, logger?: Logger): Directory {
  const told = new Set<string>();
  return {
    lookup: (personId) => directory.lookup(personId),
    search: (query, limit) => directory.search(query, limit),
    forget(personIds, email) {
      const erased = normEmail(email);
      if (erased) told.delete(erased);
      directory.forget?.(personIds, email);
    },
    async managerOf(personId, tell): Promise<Person | null> {
      const email = personId.startsWith('email:')
        ? normEmail(personId.slice('email:'.length))
        : normEmail((await directory.lookup(personId))?.email);
      const managerEmail = email ? normEmail(await managers.managerEmailOf(email)) : undefined;
      if (!managerEmail) return (await directory.managerOf?.(personId, tell)) ?? null;
      tell?.fileNames?.(managerEmail);
      const found = (await directory.search(managerEmail, 5)).find(
        (p) => normEmail(p.email) === managerEmail && !p.id.startsWith('email:'),
      );
      if (found) return found;
      if (!told.has(managerEmail)) {
        told.add(managerEmail);
        logger?.warn(
          { manager: managerEmail },
          'a manager in the managers file is not known on Teams or Slack yet (on Teams: has never written to the bot); the next level is asked instead until they are',
        );
      }
      return null;
    },
  };
}

/** How long an answer of Microsoft Graph about a person's manager serves her cards before Graph is asked again (ms). */
export const GRAPH_ANSWER_MS = 10 * 60_000;
/**
 * How long Microsoft Graph's refusal because the bot is not allowed to read managers hides "Manager" on a person's
 * cards before Graph is asked again at her next card (ms): shorter than an answer is kept, so her cards notice an
 * administrator's fix soon, at the cost of one look-up for her every two minutes at most while it goes on (and only
 * when a card of hers is rendered). Any answer of Graph meanwhile ends every such hide at once (`graphAnswered`).
 */
export const GRAPH_DENIED_MS = 2 * 60_000;
/** How long a card waits for the answer about the viewer's manager before it is rendered without it (ms). */
export const ABOVE_WAIT_MS = 3_000;

export interface ManagersAboveOptions {
  /**
   * The directory a hierarchical escalation asks for the person's manager (`escalateManager`: `withManagers` over
   * the platforms' directories, so the managers file first, then Microsoft Graph; a manager no platform knows yet
   * is no manager there). Its answers are what the cards follow.
   */
  directory: Pick<Directory, 'managerOf'>;
  /** The managers file, absent without one. */
  managers?: ManagerSource;
  /** Whether her manager would be asked of Microsoft Graph (`TEAMS_GRAPH_MANAGERS=true`, a Teams id). */
  asksGraph: (person: Person) => boolean;
  /** Milliseconds now (the app's clock). */
  now: () => number;
  /** How long `ask` waits for the directory; `ABOVE_WAIT_MS` by default. */
  waitMs?: number;
}

/**
 * Whether a hierarchical escalation by a person would reach anyone above her outside the catalogue — her manager
 * as `escalateManager` finds her (`Directory.managerOf`) — for the cards rendered for her, which leave out the
 * escalation to the manager when it could only be refused. A card is rendered without waiting
 * (`knownNobodyAbove`), so the answer is asked beforehand (`ask`: when a click or look-up comes from, or a message
 * with her card goes to, someone every catalogue supervisor of the case is) and kept: the managers file read
 * again when it changed, and her manager from it found on Teams or Slack (one named there whom no platform knows
 * yet, on Teams one who never wrote to the bot, cannot be reached: the escalation is refused, so the card leaves
 * it out); Microsoft Graph's answer kept for `GRAPH_ANSWER_MS`. Without an answer (not asked, not in time, or Graph
 * was down: `ManagerTold.unanswered`) a card goes by what is known without waiting: no managers file and no Graph, nobody; Graph, anybody (the click
 * tells); the file as last read. Graph refusing because the bot is not allowed to read managers (`denied`) is kept
 * as Graph naming nobody, for `GRAPH_DENIED_MS`, or until Graph answers anyone's look-up (`graphAnswered`: an
 * administrator fixed it): the card leaves the escalation out meanwhile, unless the managers file names her manager
 * (then Graph is not asked).
 */
export class ManagersAbove {
  /**
   * The latest answer per person id: whether anyone is above her, when, whether Graph gave it, and whether it is
   * Graph's refusal because the bot is not allowed to read managers (`denied`: kept `GRAPH_DENIED_MS`).
   */
  private readonly answers = new Map<string, { above: boolean; at: number; graph: boolean; denied?: true }>();
  /** How many kept answers are Graph's refusals (`denied`), so that `graphAnswered` looks only when there are some. */
  private denials = 0;
  /** The question out per person id (`ask`), and until when (ms, `Date.now`) cards wait for its answer. */
  private readonly asking = new Map<string, { answer: Promise<void>; until: number }>();
  /**
   * Erases so far (`forget`): the answer to a question out at an erase is not kept (it may be about the erased
   * person; anyone else's is asked again at her next card).
   */
  private erasures = 0;

  constructor(private readonly opts: ManagersAboveOptions) {}

  /**
   * Asks the directory, as the escalation would, whether anyone is above `person`, and keeps the answer for her
   * cards; waits at most `waitMs` (a late answer is kept when it comes), and while a question about her is out
   * asks no other, waiting for that one only until its `waitMs` is up. A Graph answer younger than
   * `GRAPH_ANSWER_MS` (its refusal, `GRAPH_DENIED_MS`) is not asked again while the managers file names no manager
   * of hers.
   */
  async ask(person: Person): Promise<void> {
    const { directory, managers, asksGraph } = this.opts;
    if (!directory.managerOf) return;
    const known = this.answers.get(person.id);
    // A young Graph answer serves while the file names no manager of hers (asked here only then: otherwise the
    // directory's `managerOf` asks the file, and tells whether it named her manager, `ManagerTold.fileNames`).
    if (asksGraph(person) && known?.graph && this.young(known)) {
      const email = normEmail(person.email);
      if (!(managers && email && (await managers.managerEmailOf(email)))) return;
    }
    // One question per person at a time: the cards rendered while it is out wait for the same answer, and no longer
    // than the first of them (a Graph that hangs costs each card of hers at most `waitMs` once, not at every click).
    let asking = this.asking.get(person.id);
    if (!asking) {
      const started = { answer: this.question(person), until: Date.now() + (this.opts.waitMs ?? ABOVE_WAIT_MS) };
      void started.answer.finally(() => {
        if (this.asking.get(person.id) === started) this.asking.delete(person.id);
      });
      this.asking.set(person.id, started);
      asking = started;
    }
    const left = asking.until - Date.now();
    if (left <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, left);
      timer.unref();
    });
    await Promise.race([asking.answer, late]);
    clearTimeout(timer);
  }

  /** Asks the directory for `person`'s manager and keeps the answer (see `ask`); never rejects. */
  private question(person: Person): Promise<void> {
    const { directory, asksGraph, now } = this.opts;
    if (!directory.managerOf) return Promise.resolve();
    // A source that did not answer (Graph down) tells nothing: her cards go by what is known without waiting until
    // it answers (with Graph: they offer it, the click tells), not by "nobody" for GRAPH_ANSWER_MS. One that refused
    // because the bot is not allowed to ask it (`denied`: an administrator must fix it) is a state, not an outage:
    // it counts as Graph naming nobody, kept `GRAPH_DENIED_MS`, so her cards leave "Manager" out (each click would be
    // refused) until Graph is asked again and answers, or answers anyone meanwhile (`graphAnswered`).
    let unanswered = false;
    let denied = false;
    // Graph's answer (kept `GRAPH_ANSWER_MS`) unless the managers file named her manager.
    let graph = asksGraph(person);
    const erasures = this.erasures;
    return directory
      .managerOf(person.id, {
        unanswered: (notAllowed) => {
          if (notAllowed) denied = true;
          else unanswered = true;
        },
        fileNames: () => {
          graph = false;
        },
      })
      .then(
        (m) => {
          if (erasures !== this.erasures) return;
          if (unanswered) this.drop(person.id);
          else
            this.keep(person.id, {
              above: !!m && !samePerson(m, person),
              at: now(),
              graph,
              ...(graph && denied && !m ? { denied: true as const } : {}),
            });
        },
        () => {
          this.drop(person.id);
        },
      );
  }

  /**
   * Drops what is kept about the people with these ids (after a privacy erase): the answers about them and the
   * questions about them out, whose answers are not kept when they come (see `erasures`).
   */
  forget(personIds: readonly string[]): void {
    this.erasures += 1;
    for (const id of personIds) {
      this.drop(id);
      this.asking.delete(id);
    }
  }

  /**
   * Microsoft Graph answered a manager look-up (anyone's, in this thread or the other): the refusals kept because the
   * bot was not allowed to read managers are dropped, so the cards rendered next ask again and offer "Manager" where
   * it reaches someone, instead of hiding it until `GRAPH_DENIED_MS` has passed.
   */
  graphAnswered(): void {
    if (this.denials === 0) return;
    for (const [id, known] of this.answers) if (known.denied) this.drop(id);
  }

  /** Whether a kept Graph answer still serves: `GRAPH_ANSWER_MS`, a refusal (`denied`) `GRAPH_DENIED_MS`. */
  private young(known: { at: number; denied?: true }): boolean {
    return this.opts.now() - known.at < (known.denied ? GRAPH_DENIED_MS : GRAPH_ANSWER_MS);
  }

  private keep(id: string, answer: { above: boolean; at: number; graph: boolean; denied?: true }): void {
    this.drop(id);
    this.answers.set(id, answer);
    if (answer.denied) this.denials += 1;
  }

  private drop(id: string): void {
    if (this.answers.get(id)?.denied) this.denials -= 1;
    this.answers.delete(id);
  }

  /**
   * Whether it is known, without waiting, that nobody is above `person` for a hierarchical escalation outside the
   * catalogue: the answer `ask` kept (a Graph answer while it is young), else what can be told without waiting
   * (see the class). False whenever it cannot be told so.
   */
  readonly knownNobodyAbove = (person: Person): boolean => {
    const { managers, asksGraph } = this.opts;
    const known = this.answers.get(person.id);
    if (known && (!known.graph || this.young(known))) return !known.above;
    if (asksGraph(person)) return false;
    if (!managers) return true;
    const email = normEmail(person.email);
    const manager = email && managers.managerEmailNow ? managers.managerEmailNow(email) : null;
    return manager === undefined;
  };
}
