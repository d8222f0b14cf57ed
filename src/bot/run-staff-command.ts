import type { MessageView } from '../cards/view-models.js';
import type { Locale, Person } from '../models/case.js';
import type { ActionOutcome, CaseService } from '../services/lifecycle/case-service.js';
import type { MajorIncidentService } from '../services/major/major-incident-service.js';
import type { PrivacyService } from '../services/privacy/privacy-service.js';
import type { ReportService } from '../services/reports/report-service.js';
import type { StaffCommand } from './staff-commands.js';

/** The services behind the staff and admin commands, as the transports use them. */
export interface StaffServices {
  cases: Pick<CaseService, 'search' | 'similar'>;
  reports: Pick<ReportService, 'statsView'>;
  privacy: Pick<PrivacyService, 'exportPerson' | 'erasePerson'>;
  majors: Pick<MajorIncidentService, 'declare' | 'link' | 'unlink'>;
}

/** What to show for a staff command; `export` is the person's data for an admin's export (sent as a file). */
export interface StaffCommandResult {
  view: MessageView;
  export?: { filename: string; json: string };
}

/**
 * Runs a parsed staff command on the services; refusals (not staff, not admin, no such case) are the services'
 * own views. A major-incident verb answers with the fresh case card, under the service's reply when it has one.
 */
export async function runStaffCommand(
  services: StaffServices,
  person: Person,
  command: StaffCommand,
  locale: Locale,
): Promise<StaffCommandResult> {
  switch (command.kind) {
    case 'search':
      return { view: await services.cases.search(person, command.terms) };
    case 'similar':
      return { view: await services.cases.similar(person, command.number) };
    case 'stats':
      return { view: await services.reports.statsView(person, command.args, locale) };
    case 'admin_export': {
      const result = await services.privacy.exportPerson(person, command.email);
      if (!result.ok) return { view: result.view };
      const filename = `export-${command.email.toLowerCase().replace(/[^a-z0-9.@_-]/g, '_')}.json`;
      return { view: result.view, export: { filename, json: JSON.stringify(result.data, null, 2) } };
    }
    case 'admin_erase':
      return { view: (await services.privacy.erasePerson(person, command.email)).view };
    case 'major_declare':
      return { view: outcomeView(await services.majors.declare(person, command.number, command.summary), locale) };
    case 'major_link':
      return {
        view: outcomeView(await services.majors.link(person, command.number, command.parentNumber), locale),
      };
    case 'major_unlink':
      return { view: outcomeView(await services.majors.unlink(person, command.number), locale) };
  }
}

function outcomeView(outcome: ActionOutcome, locale: Locale): MessageView {
  const base: MessageView = outcome.reply ?? { kind: 'message', locale, text: '' };
  return outcome.card ? { ...base, caseCard: outcome.card } : base;
}
