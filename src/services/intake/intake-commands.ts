/** Words that steer the conversation when they are the whole message (any case, trailing punctuation ignored). */
export type IntakeCommand =
  | { kind: 'cancel' }
  | { kind: 'back' }
  | { kind: 'help' }
  | { kind: 'skip' }
  | { kind: 'new' }
  /**
   * `new for <person>`: `query` is all that follows `for`. Written with a template word after the person (`new for
   * anna template`, `ny for anna skabelon`), `templateFor` is the person without it: the intake looks the person up
   * and goes on to the templates, unless someone's name or address is the whole `query` (see `IntakeEngine.start`).
   */
  | { kind: 'new_for'; query: string; templateFor?: string }
  | { kind: 'quick' }
  | { kind: 'template' };

const WORDS: Record<Exclude<IntakeCommand['kind'], 'new_for'>, readonly string[]> = {
  cancel: ['cancel', 'annuller', 'annullér', 'afbryd', 'stop'],
  back: ['back', 'tilbage', 'go back', 'gå tilbage'],
  help: ['help', 'hjælp', '?'],
  skip: ['skip', 'spring over', 'drop'],
  new: ['new', 'ny', 'new case', 'ny sag', 'start over', 'forfra', 'start forfra'],
  quick: ['quick', 'quick case', 'kviksag'],
  template: ['template', 'templates', 'skabelon', 'sagsskabelon', 'skabeloner'],
};

/** "new for anna@au.dk", "new case for Anna Jensen", "ny for …", "ny sag for …". */
const NEW_FOR = /^(?:new(?:\s+case)?|ny(?:\s+sag)?)\s+(?:for|til)\s+(.+)$/i;

/** A template word (`WORDS.template`) ending a `new for` text after the person: "new for anna template". */
export const TEMPLATE_SUFFIX = new RegExp(`^(.*\\S)\\s+(?:${WORDS.template.join('|')})[.!]*$`, 'i');

/**
 * `text`, a `new for <person>` command, with the person written as `person` instead (a template word after the
 * person kept): how Slack's `/incident new for @Anna template` names the person mentioned by her address.
 */
export function newForWith(text: string, person: string): string {
  const trimmed = text.trim();
  const query = NEW_FOR.exec(trimmed)?.[1];
  if (query === undefined) return trimmed;
  const written = TEMPLATE_SUFFIX.exec(query)?.[1];
  const tail = written === undefined ? '' : query.slice(written.length);
  return `${trimmed.slice(0, trimmed.length - query.length)}${person}${tail}`;
}

/**
 * Reads a command from a chat message, or null when the message is an answer. Only a whole message counts, so
 * "the printer says cancel" is an answer, not a command.
 */
export function parseCommand(text: string): IntakeCommand | null {
  const trimmed = text.trim();
  const forMatch = NEW_FOR.exec(trimmed);
  if (forMatch?.[1]) {
    const query = forMatch[1].trim();
    const person = TEMPLATE_SUFFIX.exec(query)?.[1];
    return person ? { kind: 'new_for', query, templateFor: person } : { kind: 'new_for', query };
  }
  const v = trimmed
    .toLowerCase()
    .replace(/^\//, '')
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ');
  for (const [kind, words] of Object.entries(WORDS)) {
    if (words.includes(v)) return { kind } as IntakeCommand;
  }
  return null;
}
