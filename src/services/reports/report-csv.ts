import { CASE_STATUSES, isOpen, PRIORITIES } from '../../models/case.js';
import type { ReportFigures } from './report-figures.js';

/** One CSV field: quoted when needed, and a leading `= + - @` neutralised so spreadsheets never run it. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The UTF-8 byte order mark the CSV starts with, so Excel reads it as UTF-8 (served as `text/csv; charset=utf-8`). */
export const CSV_BOM = '\uFEFF';

/**
 * The monthly report as CSV (RFC 4180, CRLF, starting with `CSV_BOM`): `metric,label,<month>,<previous month>`.
 * Durations in business minutes, shares as percentages; the open pile is a snapshot, so only the current column
 * has it. `label` names the category or group for rows about one; the caller passes the localised names.
 */
export function figuresCsv(input: {
  month: string;
  previousMonth: string;
  current: ReportFigures;
  previous: ReportFigures;
  categoryName: (id: string) => string;
  groupName: (id: string) => string;
}): string {
  const { current: c, previous: p } = input;
  const pct = (v: number | null): number | null => (v === null ? null : v * 100);
  const rows: (string | number | null)[][] = [['metric', 'label', input.month, input.previousMonth]];
  const row = (metric: string, label: string, a: number | null, b: number | null): void => {
    rows.push([metric, label, a, b]);
  };
  row('opened', '', c.opened, p.opened);
  row('resolved', '', c.resolved, p.resolved);
  row('quick_cases', '', c.quickCases, p.quickCases);
  row('first_response_mean_business_minutes', '', c.firstResponse.mean, p.firstResponse.mean);
  row('first_response_median_business_minutes', '', c.firstResponse.median, p.firstResponse.median);
  row('resolution_mean_business_minutes', '', c.resolution.mean, p.resolution.mean);
  row('resolution_median_business_minutes', '', c.resolution.median, p.resolution.median);
  row('sla_compliance_percent', '', pct(c.slaCompliance), pct(p.slaCompliance));
  row('reopen_rate_percent', '', pct(c.reopenRate), pct(p.reopenRate));
  row('satisfaction_average', '', c.satisfaction.average, p.satisfaction.average);
  row('satisfaction_answers', '', c.satisfaction.count, p.satisfaction.count);
  row('major_incidents', '', c.majors?.majors ?? null, p.majors?.majors ?? null);
  row('major_linked_reports', '', c.majors?.linkedReports ?? null, p.majors?.linkedReports ?? null);
  row(
    'major_time_to_resolve_minutes',
    '',
    c.majors?.meanTimeToResolveMinutes ?? null,
    p.majors?.meanTimeToResolveMinutes ?? null,
  );
  row('orders', '', c.orders?.orders ?? null, p.orders?.orders ?? null);
  row('order_approval_mean_minutes', '', c.orders?.meanApprovalMinutes ?? null, p.orders?.meanApprovalMinutes ?? null);
  row('order_delivery_mean_days', '', c.orders?.meanDeliveryDays ?? null, p.orders?.meanDeliveryDays ?? null);
  row('order_on_time_percent', '', pct(c.orders?.onTimeShare ?? null), pct(p.orders?.onTimeShare ?? null));
  const categories = new Set([...c.topCategories, ...p.topCategories].map((t) => t.categoryId));
  for (const id of categories) {
    const count = (f: ReportFigures): number => f.topCategories.find((t) => t.categoryId === id)?.count ?? 0;
    row(`category:${id}`, input.categoryName(id), count(c), count(p));
  }
  row('open_now', '', c.open.total, null);
  for (const s of CASE_STATUSES.filter(isOpen)) row(`open_now_status:${s}`, '', c.open.byStatus[s] ?? 0, null);
  for (const pr of PRIORITIES) row(`open_now_priority:${pr}`, '', c.open.byPriority[pr], null);
  for (const [g, n] of Object.entries(c.open.byGroup).sort(([a], [b]) => a.localeCompare(b))) {
    row(`open_now_group:${g}`, input.groupName(g), n, null);
  }
  // The UTF-8 byte order mark: without it Excel reads the file as ANSI and Danish letters turn to mojibake.
  return `${CSV_BOM}${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
