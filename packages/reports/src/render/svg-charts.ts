import { escapeHtml } from './html-escape';

/** One bar of a bar chart. */
export interface Bar {
  readonly label: string;
  /** `null` draws no bar (no data). */
  readonly value: number | null;
}

/** One line of a line chart: a value per x label, `null` for a gap. */
export interface Series {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

const PALETTE = ['#1f5fa8', '#d9822b', '#2f8f5b', '#a83279', '#6b6b6b'];

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/**
 * Horizontal bars (value text at the end of each bar), with an optional target line. Inline
 * SVG: no script, no external resource, prints as vectors.
 */
export function barChart(
  id: string,
  title: string,
  bars: readonly Bar[],
  options: { max: number; target?: number; unit?: string },
): string {
  const labelW = 230;
  const plotW = 380;
  const rowH = 24;
  const height = 34 + bars.length * rowH + 10;
  const width = labelW + plotW + 70;
  const x = (v: number) => labelW + (Math.max(0, Math.min(v, options.max)) / options.max) * plotW;
  const unit = options.unit ?? '';
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}" data-chart="${escapeHtml(id)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<text x="0" y="16" class="chart-title">${escapeHtml(title)}</text>`,
  ];
  bars.forEach((b, i) => {
    const y = 30 + i * rowH;
    parts.push(
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" class="chart-label">${escapeHtml(b.label)}</text>`,
    );
    if (b.value !== null) {
      const w = x(b.value) - labelW;
      parts.push(
        `<rect class="bar" x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${PALETTE[0]}"/>`,
        `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}" class="chart-value">${fmt(b.value)}${unit}</text>`,
      );
    }
  });
  if (options.target !== undefined) {
    const tx = x(options.target).toFixed(1);
    parts.push(
      `<line class="target" x1="${tx}" x2="${tx}" y1="24" y2="${height - 6}" stroke="#c0392b" stroke-dasharray="4 3"/>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/** A line chart over shared x labels (months), y from `min` to `max`, with a legend. */
export function lineChart(
  id: string,
  title: string,
  xLabels: readonly string[],
  series: readonly Series[],
  options: { min: number; max: number },
): string {
  const left = 44;
  const top = 30;
  const plotW = 560;
  const plotH = 200;
  const width = left + plotW + 30;
  const height = top + plotH + 50 + series.length * 16;
  const step = xLabels.length > 1 ? plotW / (xLabels.length - 1) : 0;
  const xAt = (i: number) => left + (xLabels.length > 1 ? i * step : plotW / 2);
  const span = options.max - options.min || 1;
  const yAt = (v: number) => top + plotH - ((v - options.min) / span) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}" data-chart="${escapeHtml(id)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<text x="0" y="16" class="chart-title">${escapeHtml(title)}</text>`,
  ];
  for (let k = 0; k <= 4; k++) {
    const v = options.min + (span * k) / 4;
    const y = yAt(v).toFixed(1);
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y}" dy="4" text-anchor="end" class="chart-label">${fmt(v)}</text>`,
    );
  }
  xLabels.forEach((m, i) => {
    parts.push(
      `<text x="${xAt(i).toFixed(1)}" y="${top + plotH + 18}" text-anchor="middle" class="chart-label">${escapeHtml(m)}</text>`,
    );
  });
  series.forEach((s, n) => {
    const color = PALETTE[n % PALETTE.length]!;
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${xAt(i).toFixed(1)} ${yAt(v).toFixed(1)} `;
      pen = true;
      parts.push(
        `<circle class="point" cx="${xAt(i).toFixed(1)}" cy="${yAt(v).toFixed(1)}" r="3" fill="${color}"><title>${escapeHtml(`${s.name} ${xLabels[i]}: ${fmt(v)}`)}</title></circle>`,
      );
    });
    if (d !== '') {
      parts.push(
        `<path class="line" d="${d.trim()}" fill="none" stroke="${color}" stroke-width="2"/>`,
      );
    }
    const ly = top + plotH + 36 + n * 16;
    parts.push(
      `<rect x="${left}" y="${ly - 9}" width="12" height="4" fill="${color}"/>`,
      `<text x="${left + 18}" y="${ly - 4}" class="chart-label">${escapeHtml(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
