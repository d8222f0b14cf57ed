import type { Locale } from '../../models/case.js';
import { MIN_REPORT_YEAR } from './report-period.js';

/** Every text of the reports, in Danish and English. */
export const reportMessages = {
  da: {
    statsTitle: (scope: string, period: string) => `Nøgletal for ${scope}, ${period}`,
    monthlyTitle: (scope: string, month: string) => `Månedsrapport for ${scope}, ${month}`,
    monthlyText: (previous: string) => `Tallene for måneden med forrige måned (${previous}) i parentes.`,
    statsText: 'Tider er i arbejdstid (åbningstid, uden weekender og helligdage).',
    allGroups: 'alle grupper',
    openNow: 'Åbne sager nu',
    openByPriority: 'Åbne efter prioritet',
    openByGroup: 'Åbne efter gruppe',
    openedResolved: 'Oprettet / løst',
    firstResponse: 'Første svar (gns. / median)',
    resolution: 'Løsningstid (gns. / median)',
    sla: 'Løst inden for SLA',
    reopen: 'Genåbnet',
    satisfaction: 'Tilfredshed',
    answers: (n: number) => `${n} ${n === 1 ? 'svar' : 'svar'}`,
    of: (n: number) => `af ${n}`,
    topCategories: 'Flest sager',
    quickCases: 'Kviksager',
    majors: 'Storsager (major incidents)',
    majorsValue: (n: number, linked: number, ttr: string) => `${n}, ${linked} tilknyttede anmeldelser, løst på ${ttr}`,
    orders: 'Udstyrsbestillinger',
    ordersValue: (n: number, approval: string, days: string, onTime: string) =>
      `${n}, godkendelse ${approval}, levering ${days} dage, ${onTime} til tiden`,
    none: '–',
    csv: (url: string) => `Hent tallene som CSV: ${url}`,
    chartTitle: (period: string) => `Nøgletal ${period}`,
    weeklyTitle: 'Oprettet og løst pr. uge',
    opened: 'Oprettet',
    resolved: 'Løst',
    complianceTitle: 'Løst inden for SLA pr. gruppe (%)',
    noResolved: 'ingen løste sager',
    chartAlt: 'Diagram: oprettede og løste sager pr. uge og SLA-overholdelse pr. gruppe',
    week: (n: number) => `Uge ${n}`,
    staffOnly: 'Nøgletal er kun for supportmedarbejdere. Spørg din teamleder, hvis du har brug for dem.',
    unknownGroup: (id: string) => `Jeg kender ikke gruppen "${id}". Skriv gruppens id, fx arts-support, eller "alle".`,
    badPeriod: (p: string) =>
      `"${p}" er ikke en periode, jeg forstår. Brug "uge", "måned", en måned som 2025-03 eller en uge som 2025-W10 ` +
      `(år fra ${MIN_REPORT_YEAR} til næste år).`,
  },
  en: {
    statsTitle: (scope: string, period: string) => `Figures for ${scope}, ${period}`,
    monthlyTitle: (scope: string, month: string) => `Monthly report for ${scope}, ${month}`,
    monthlyText: (previous: string) => `The month's figures, with the month before (${previous}) in brackets.`,
    statsText: 'Times are business time (opening hours, without weekends and holidays).',
    allGroups: 'all groups',
    openNow: 'Open cases now',
    openByPriority: 'Open by priority',
    openByGroup: 'Open by group',
    openedResolved: 'Opened / resolved',
    firstResponse: 'First response (mean / median)',
    resolution: 'Resolution time (mean / median)',
    sla: 'Resolved within SLA',
    reopen: 'Reopened',
    satisfaction: 'Satisfaction',
    answers: (n: number) => `${n} ${n === 1 ? 'answer' : 'answers'}`,
    of: (n: number) => `of ${n}`,
    topCategories: 'Top categories',
    quickCases: 'Quick cases',
    majors: 'Major incidents',
    majorsValue: (n: number, linked: number, ttr: string) => `${n}, ${linked} linked reports, resolved in ${ttr}`,
    orders: 'Equipment orders',
    ordersValue: (n: number, approval: string, days: string, onTime: string) =>
      `${n}, approval ${approval}, delivery ${days} days, ${onTime} on time`,
    none: '–',
    csv: (url: string) => `Download the figures as CSV: ${url}`,
    chartTitle: (period: string) => `Figures ${period}`,
    weeklyTitle: 'Opened and resolved per week',
    opened: 'Opened',
    resolved: 'Resolved',
    complianceTitle: 'Resolved within SLA per group (%)',
    noResolved: 'no resolved cases',
    chartAlt: 'Chart: cases opened and resolved per week and SLA compliance per group',
    week: (n: number) => `W${n}`,
    staffOnly: 'Figures are for support staff only. Ask your team lead if you need them.',
    unknownGroup: (id: string) => `I don't know the group "${id}". Give the group's id, e.g. arts-support, or "all".`,
    badPeriod: (p: string) =>
      `"${p}" is not a period I understand. Use "week", "month", a month such as 2025-03 or a week such as ` +
      `2025-W10 (years ${MIN_REPORT_YEAR} to next year).`,
  },
} satisfies Record<Locale, Record<string, unknown>>;

export type ReportMessages = (typeof reportMessages)['en'];

/** "1 t 5 min" / "1 h 5 min" from business minutes; "–" for none. */
export function formatMinutes(minutes: number | null, locale: Locale): string {
  if (minutes === null) return reportMessages[locale].none;
  const total = Math.round(minutes);
  const h = Math.floor(total / 60);
  const m = total % 60;
  const hour = locale === 'da' ? 't' : 'h';
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} ${hour}` : `${h} ${hour} ${m} min`;
}

/**
 * A share (0–1) in per cent, rounded to `decimals` places, but never to 100 short of all (199 of 200 within SLA
 * is not "all") nor to 0 above none: the facts (`formatShare`, whole per cent) and the chart's bars (one decimal).
 */
export function sharePercent(value: number, decimals = 0): number {
  const scale = 10 ** decimals;
  const step = 1 / scale;
  const rounded = Math.round(value * 100 * scale) / scale;
  return Math.min(Math.max(rounded, value > 0 ? step : 0), value < 1 ? 100 - step : 100);
}

/** "83 %" from a share; "–" for none. */
export function formatShare(value: number | null, locale: Locale): string {
  if (value === null) return reportMessages[locale].none;
  return `${sharePercent(value)} %`;
}

/** "4,3" / "4.3". */
export function formatDecimal(value: number | null, locale: Locale): string {
  if (value === null) return reportMessages[locale].none;
  return new Intl.NumberFormat(locale === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
}
