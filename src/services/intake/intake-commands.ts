/** Words that steer the conversation when they are the whole message (any case, trailing punctuation ignored). */
export type IntakeCommand =
  | { kind: 'cancel' }
  | { kind: 'back' }
  | { kind: 'help' }
  | { kind: 'skip' }
  | { kind: 'new' }
  | { kind: 'new_for'; query: string }
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

/**
 * Reads a command from a chat message, or null when the message is an answer. Only a whole message counts, so
 * "the printer says cancel" is an answer, not a command.
 */
export function parseCommand(text: string): IntakeCommand | null {
  const trimmed = text.trim();
  const forMatch = NEW_FOR.exec(trimmed);
  if (forMatch?.[1]) return { kind: 'new_for', query: forMatch[1].trim() };
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
