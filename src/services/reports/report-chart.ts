import type { TopLevelSpec } from 'vega-lite';

/** What the stats chart shows, already localised: opened vs resolved per week, SLA compliance per group. */
export interface ChartInput {
  title: string;
  weekly: {
    title: string;
    openedLabel: string;
    resolvedLabel: string;
    points: { week: string; opened: number; resolved: number }[];
  };
  compliance: { title: string; emptyLabel: string; bars: { group: string; percent: number }[] };
}

export interface ChartOptions {
  /** TTF/OTF files to load besides the system fonts (hosts without fonts); default none. */
  fontFiles?: string[];
  /** The family used when the SVG's font is missing; default `DejaVu Sans` (shipped on Debian images). */
  defaultFontFamily?: string;
  /** Output width in pixels; the height follows the chart's aspect ratio. Default 1000. */
  width?: number;
}

export interface RenderedChart {
  png: Buffer;
  width: number;
  height: number;
}

const OPENED_COLOUR = '#003d73'; // AU dark blue
const RESOLVED_COLOUR = '#8bad3f'; // AU green
const BAR_COLOUR = '#e2001a';

/**
 * The vega-lite spec: two panels side by side. Data goes in as values (never into expressions), so group names
 * and labels are plain data to the renderer.
 */
export function chartSpec(input: ChartInput): TopLevelSpec {
  const weekly = input.weekly.points.flatMap((p) => [
    { week: p.week, series: input.weekly.openedLabel, count: p.opened },
    { week: p.week, series: input.weekly.resolvedLabel, count: p.resolved },
  ]);
  const bars =
    input.compliance.bars.length > 0 ? input.compliance.bars : [{ group: input.compliance.emptyLabel, percent: 0 }];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: input.title, fontSize: 16 },
    background: 'white',
    config: { font: 'DejaVu Sans', view: { stroke: '#cccccc' } },
    hconcat: [
      {
        title: input.weekly.title,
        width: 360,
        height: 220,
        data: { values: weekly },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'week', type: 'ordinal', sort: null, title: null, axis: { labelAngle: 0 } },
          xOffset: { field: 'series', sort: [input.weekly.openedLabel, input.weekly.resolvedLabel] },
          y: { field: 'count', type: 'quantitative', title: null, axis: { tickMinStep: 1 } },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: {
              domain: [input.weekly.openedLabel, input.weekly.resolvedLabel],
              range: [OPENED_COLOUR, RESOLVED_COLOUR],
            },
            legend: { orient: 'bottom' },
          },
        },
      },
      {
        title: input.compliance.title,
        width: 300,
        height: { step: 22 },
        data: { values: bars },
        mark: { type: 'bar', color: BAR_COLOUR },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null, title: null, axis: { labelLimit: 160 } },
          x: { field: 'percent', type: 'quantitative', title: '%', scale: { domain: [0, 100] } },
        },
      },
    ],
  } as TopLevelSpec;
}

/**
 * Renders the chart headless: vega-lite → vega → SVG (no canvas) → PNG with resvg (prebuilt, no download). The
 * three libraries are imported on the first chart, not at start: together ~20 MB of memory that a bot nobody asks
 * for `stats` never needs.
 */
export async function renderChart(input: ChartInput, opts: ChartOptions = {}): Promise<RenderedChart> {
  const [vega, { compile }, { Resvg }] = await Promise.all([
    import('vega'),
    import('vega-lite'),
    import('@resvg/resvg-js'),
  ]);
  const view = new vega.View(vega.parse(compile(chartSpec(input)).spec), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const rendered = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'width', value: opts.width ?? 1000 },
    font: {
      loadSystemFonts: true,
      fontFiles: opts.fontFiles ?? [],
      defaultFontFamily: opts.defaultFontFamily ?? 'DejaVu Sans',
      sansSerifFamily: opts.defaultFontFamily ?? 'DejaVu Sans',
    },
  }).render();
  return { png: Buffer.from(rendered.asPng()), width: rendered.width, height: rendered.height };
}
