import type { WorkloadDay } from './desk-workload';
import type { PackRun, SimulationResult } from './simulate-packs';

function esc(s: unknown): string {
  return String(s)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

const COLORS = ['#9aa5b1', '#1f77b4'];

/** Grouped bars per date (one bar per run) of one measure, as inline SVG. */
function barChart(
  title: string,
  series: readonly { label: string; days: readonly WorkloadDay[] }[],
  measure: (w: WorkloadDay) => number,
): string {
  const byDate = series.map((s) => {
    const m = new Map<string, number>();
    for (const w of s.days) m.set(w.date, (m.get(w.date) ?? 0) + measure(w));
    return m;
  });
  const dates = [...new Set(byDate.flatMap((m) => [...m.keys()]))].sort();
  if (dates.length === 0) return `<p>${esc(title)}: nothing to show.</p>`;
  const max = Math.max(1, ...byDate.flatMap((m) => [...m.values()]));
  const w = Math.max(8, Math.floor(720 / dates.length));
  const bar = Math.max(2, Math.floor((w - 2) / series.length));
  const h = 160;
  const width = dates.length * w + 40;
  const bars = dates
    .flatMap((d, i) =>
      byDate.map((m, k) => {
        const v = m.get(d) ?? 0;
        const bh = Math.round((v / max) * h);
        return `<rect x="${40 + i * w + k * bar}" y="${h - bh + 10}" width="${bar - 1}" height="${bh}" fill="${COLORS[k + (series.length === 1 ? 1 : 0)]}"><title>${esc(series[k]!.label)} ${d}: ${v}</title></rect>`;
      }),
    )
    .join('');
  const ticks = dates
    .map((d, i) =>
      i % Math.ceil(dates.length / 12) === 0
        ? `<text x="${40 + i * w}" y="${h + 24}" font-size="10">${d.slice(5)}</text>`
        : '',
    )
    .join('');
  const legend = series
    .map(
      (s, k) =>
        `<span style="color:${COLORS[k + (series.length === 1 ? 1 : 0)]}">■</span> ${esc(s.label)}`,
    )
    .join(' &nbsp; ');
  return `<h3>${esc(title)}</h3><p>${legend}</p><svg width="${width}" height="${h + 30}" role="img" aria-label="${esc(title)}"><text x="0" y="14" font-size="10">${max}</text><text x="0" y="${h + 10}" font-size="10">0</text><line x1="38" y1="${h + 10}" x2="${width}" y2="${h + 10}" stroke="#333"/>${bars}${ticks}</svg>`;
}

function totalsTable(runs: readonly { label: string; run: PackRun }[]): string {
  const rows: [string, (r: PackRun) => unknown][] = [
    ['pack', (r) => `${r.packId} ${r.version}`],
    ['rulesVersion', (r) => r.hash],
    ['visits', (r) => r.totals.visits],
    ['visits by type', (r) => JSON.stringify(r.totals.visitsByType)],
    ['visits by state', (r) => JSON.stringify(r.totals.visitsByState)],
    ['surveys', (r) => JSON.stringify(r.totals.surveys)],
    ['opinion cases', (r) => r.totals.cases],
    ['complaints', (r) => r.totals.complaints],
    ['complaints by role', (r) => JSON.stringify(r.totals.complaintsByRole)],
    ['events refused', (r) => r.rejected.length],
  ];
  return `<table><tr><th></th>${runs.map((r) => `<th>${esc(r.label)}</th>`).join('')}</tr>${rows
    .map(
      ([name, f]) =>
        `<tr><th>${esc(name)}</th>${runs.map((r) => `<td>${esc(f(r.run))}</td>`).join('')}</tr>`,
    )
    .join('')}</table>`;
}

/**
 * A simulation as one self-contained HTML page: totals per pack, charts of calls opening and
 * overdue per working day (per role), and the item differences. Inline CSS and SVG only.
 */
export function simulationHtml(result: SimulationResult): string {
  const runs = [
    ...(result.against
      ? [
          {
            label: `against: ${result.against.packId} ${result.against.version}`,
            run: result.against,
          },
        ]
      : []),
    { label: `pack: ${result.pack.packId} ${result.pack.version}`, run: result.pack },
  ];
  const roles = [...new Set(runs.flatMap((r) => r.run.workload.map((w) => w.role)))].sort();
  const charts = roles
    .map((role) => {
      const series = runs.map((r) => ({
        label: r.label,
        days: r.run.workload.filter((w) => w.role === role),
      }));
      return [
        `<h2>Role ${esc(role)}</h2>`,
        barChart(`${role}: calls opening per working day`, series, (w) => w.opened),
        barChart(`${role}: calls due per working day`, series, (w) => w.due),
        barChart(
          `${role}: overdue at the end of the day${result.perDay !== undefined ? ` (desk works ${result.perDay} a day)` : ''}`,
          series,
          (w) => w.overdue,
        ),
      ].join('\n');
    })
    .join('\n');
  const diffs = result.differences
    .slice(0, 2000)
    .map(
      (d) =>
        `<tr><td>${esc(d.kind)}</td><td>${esc(d.key)}</td><td>${esc(d.change)}</td><td>${d.fields
          .map(
            (f) =>
              `${esc(f.field)}: ${esc(JSON.stringify(f.before))} → ${esc(JSON.stringify(f.after))}`,
          )
          .join('<br>')}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rule pack simulation</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-size:13px}</style>
</head><body>
<h1>Rule pack simulation</h1>
<p>${result.events} DMS events replayed.</p>
${totalsTable(runs)}
${charts}
${result.against ? `<h2>Differences (${result.differences.length})</h2><table><tr><th>kind</th><th>item</th><th>change</th><th>fields</th></tr>${diffs}</table>${result.differences.length > 2000 ? '<p>First 2,000 shown; differences.csv has them all.</p>' : ''}` : ''}
</body></html>
`;
}
