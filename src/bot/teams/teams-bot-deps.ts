import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { Logger } from '../../logger.js';
import type { Locale, Person } from '../../models/case.js';
import type { Clock } from '../../services/clock.js';
import type { IntakeEngine } from '../../services/intake/intake-engine.js';
import type { CaseService } from '../../services/lifecycle/case-service.js';
import type { TeamsRefs } from './teams-refs.js';

/** The intake engine as the Teams transport uses it. */
export type TeamsIntake = Pick<IntakeEngine, 'handle' | 'isActive'>;
/** The case lifecycle as the Teams transport uses it. */
export type TeamsCases = Pick<CaseService, 'act' | 'userReply' | 'lookup' | 'mine' | 'queue'>;

/** Everything the Teams handlers need; wired once in the composition root. */
export interface TeamsBotDeps {
  intake: TeamsIntake;
  cases: TeamsCases;
  refs: TeamsRefs;
  catalogue: Pick<CatalogueIndex, 'groupForChannel' | 'catalogue'>;
  /** Whether a person is support staff (catalogue membership by e-mail). */
  isStaff: (person: Person) => boolean;
  clock: Clock;
  logger: Logger;
  /** DEFAULT_LOCALE: for people whose client sends no usable locale. */
  defaultLocale: Locale;
}
