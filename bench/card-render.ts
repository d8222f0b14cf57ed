import * as ACData from 'adaptivecards-templating';
import { expandTemplate, type TemplateExpansion, traceExpansions } from '../src/cards/adaptive/adaptive-card.js';
import { renderCaseCardAdaptive } from '../src/cards/adaptive/render-case-card-adaptive.js';
import { renderMessageAdaptive } from '../src/cards/adaptive/render-message-adaptive.js';
import { aCaseCardView, aFormView, aMessageView } from '../test/helpers/views.js';
import type { BenchRow } from './run.js';

/** Mean milliseconds per call of `fn` over `runs` calls, after `warmUp` calls. */
function msPerCall(fn: () => unknown, warmUp: number, runs: number): number {
  for (let i = 0; i < warmUp; i++) fn();
  const start = performance.now();
  for (let i = 0; i < runs; i++) fn();
  return (performance.now() - start) / runs;
}

/** The binding work of one render, replayed: with our compiled binder, or as `expandTemplate` did before. */
function replay(expansions: TemplateExpansion[], binder: 'compiled' | 'library'): () => void {
  if (binder === 'compiled') {
    return () => {
      for (const e of expansions) expandTemplate(e.template, e.data);
    };
  }
  return () => {
    for (const e of expansions) new ACData.Template(e.template).expand({ $root: e.data });
  };
}

/**
 * Adaptive Card rendering: a case card as a 2nd-level group sees it (notes, buttons, five sub-forms with their
 * inputs) and a message card (mention, form with every input kind, button). For each: the whole render with the
 * compiled binder, and the template binding of one render (every `expandTemplate` call it makes) with the compiled
 * binder and with `adaptivecards-templating`, which `expandTemplate` used before. Times are after warm-up.
 */
export async function run(): Promise<BenchRow[]> {
  const cards: [string, () => unknown][] = [
    ['case card', () => renderCaseCardAdaptive(aCaseCardView(), { refreshUserIds: ['29:a'] })],
    [
      'message card',
      () => renderMessageAdaptive(aMessageView({ form: aFormView(), mention: { id: 'teams:29:b', name: 'Bo' } })),
    ],
  ];
  const rows: BenchRow[] = [];
  for (const [name, render] of cards) {
    const { expansions } = traceExpansions(render);
    const full = msPerCall(render, 2_000, 5_000);
    const compiled = msPerCall(replay(expansions, 'compiled'), 2_000, 5_000);
    const library = msPerCall(replay(expansions, 'library'), 3, 20);
    rows.push(
      { name: `${name}: render, compiled binder`, value: full, unit: 'ms/render' },
      {
        name: `${name}: binding (${expansions.length} templates), compiled binder`,
        value: compiled,
        unit: 'ms/render',
      },
      { name: `${name}: binding, adaptivecards-templating`, value: library, unit: 'ms/render' },
      { name: `${name}: binding speed-up`, value: library / compiled, unit: 'x' },
    );
  }
  return rows;
}
