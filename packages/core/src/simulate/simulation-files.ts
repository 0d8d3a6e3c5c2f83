import type { PackRun, SimulationResult } from './simulate-packs';
import { simulationHtml } from './simulation-html';

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
function cell(v: unknown): string {
  const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

function runs(result: SimulationResult): { label: string; run: PackRun }[] {
  return [
    ...(result.against ? [{ label: 'against', run: result.against }] : []),
    { label: 'pack', run: result.pack },
  ];
}

/**
 * A simulation as files, by name: `simulation.json` (the whole result), `visits.csv`,
 * `complaints.csv`, `differences.csv`, `workload.csv` (one row per pack, role and working day)
 * and `simulation.html`, a self-contained page with inline SVG charts (no scripts, no CDN).
 * Pure: the caller writes them where it wants (`dealercare-rules simulate --out dir`).
 */
export function simulationFiles(result: SimulationResult): Record<string, string> {
  const all = runs(result);
  const packCols = (r: PackRun) => [r.packId, r.version, r.hash];
  return {
    'simulation.json': `${JSON.stringify(result, null, 2)}\n`,
    'visits.csv': csv(
      [
        'run',
        'packId',
        'version',
        'rulesVersion',
        'key',
        'dealerId',
        'sourceEventId',
        'ruleId',
        'type',
        'state',
        'role',
        'surveyId',
        'opensAt',
        'dueAt',
      ],
      all.flatMap(({ label, run }) =>
        run.visits.map((v) => [
          label,
          ...packCols(run),
          v.key,
          v.dealerId,
          v.sourceEventId,
          v.ruleId,
          v.type,
          v.state,
          v.role,
          v.surveyId,
          v.opensAt,
          v.dueAt,
        ]),
      ),
    ),
    'complaints.csv': csv(
      [
        'run',
        'packId',
        'version',
        'rulesVersion',
        'key',
        'dealerId',
        'sourceEventId',
        'role',
        'tier',
        'state',
        'dueAt',
      ],
      all.flatMap(({ label, run }) =>
        run.complaints.map((c) => [
          label,
          ...packCols(run),
          c.key,
          c.dealerId,
          c.sourceEventId,
          c.role,
          c.tier,
          c.state,
          c.dueAt,
        ]),
      ),
    ),
    'differences.csv': csv(
      ['kind', 'key', 'change', 'field', 'before', 'after'],
      result.differences.flatMap((d) =>
        d.fields.length === 0
          ? [[d.kind, d.key, d.change, '', '', '']]
          : d.fields.map((f) => [d.kind, d.key, d.change, f.field, f.before, f.after]),
      ),
    ),
    'workload.csv': csv(
      [
        'run',
        'packId',
        'version',
        'role',
        'date',
        'opened',
        'due',
        'worked',
        'late',
        'waiting',
        'overdue',
      ],
      all.flatMap(({ label, run }) =>
        run.workload.map((w) => [
          label,
          run.packId,
          run.version,
          w.role,
          w.date,
          w.opened,
          w.due,
          w.worked,
          w.late,
          w.waiting,
          w.overdue,
        ]),
      ),
    ),
    'simulation.html': simulationHtml(result),
  };
}

/** A simulation as text lines (what `dealercare-rules simulate` prints). */
export function simulationLines(result: SimulationResult): string[] {
  const lines = [
    `replayed ${result.events} DMS events${result.perDay !== undefined ? `; desks work ${result.perDay} items a day` : ''}`,
  ];
  for (const { label, run } of runs(result)) {
    const t = run.totals;
    const overdue = run.workload.reduce((m, w) => Math.max(m, w.overdue), 0);
    const busiest = run.workload.reduce((m, w) => Math.max(m, w.opened), 0);
    lines.push(
      `${label === 'pack' ? 'pack   ' : 'against'} ${run.packId} ${run.version} (${run.hash}): ${t.visits} visits, ${Object.values(t.surveys).reduce((a, b) => a + b, 0)} surveys, ${t.cases} cases, ${t.complaints} complaints; ${run.rejected.length} events refused; ${run.elapsedMs} ms`,
      `  visits by type  ${JSON.stringify(t.visitsByType)}`,
      `  visits by state ${JSON.stringify(t.visitsByState)}`,
      `  complaints by role ${JSON.stringify(t.complaintsByRole)}`,
      `  busiest day: ${busiest} calls opening; most overdue at a day's end: ${overdue}`,
    );
  }
  if (result.against) {
    const count = (c: string) => result.differences.filter((d) => d.change === c).length;
    lines.push(
      `differences: ${result.differences.length} items (${count('added')} added, ${count('removed')} removed, ${count('changed')} changed)`,
    );
    for (const d of result.differences.slice(0, 20)) {
      lines.push(
        `  ${d.change.padEnd(7)} ${d.kind} ${d.key}${d.fields.map((f) => ` ${f.field}: ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`).join(';')}`,
      );
    }
    if (result.differences.length > 20)
      lines.push(`  … ${result.differences.length - 20} more (see differences.csv)`);
  }
  return lines;
}
