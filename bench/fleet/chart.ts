// The fleet chart (SVG, no dependency): requests per second reaching the archive, averaged
// per minute and stacked by kind, for each scenario, with the capacity of one site and the
// polling target drawn across.
import type { FleetFigures } from './metrics';

const W = 860;
const PANEL_H = 230;
const M = { left: 56, right: 16, top: 34, bottom: 36 };
const LAYERS = [
  { key: 'uploads', label: 'envois', color: '#4c78a8' },
  { key: 'polls', label: 'ACK/ATR (polls)', color: '#f58518' },
  { key: 'other', label: 'ping, vérifications', color: '#54a24b' },
  { key: 'rejected', label: '503 / refusés', color: '#e45756' },
] as const;

export interface ChartPanel {
  title: string;
  figures: FleetFigures;
  /** Minutes after 8:00 where one site was down. */
  outage?: { from: number; to: number };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function fleetChartSvg(panels: ChartPanel[], capacityPerSite: number, pollTarget: number): string {
  const maxMinute = Math.max(60, ...panels.map((p) => p.figures.perMinute.length));
  const maxY =
    Math.ceil(
      Math.max(
        capacityPerSite * 1.1,
        ...panels.flatMap((p) => p.figures.perMinute.map((r) => r.uploads + r.polls + r.other + r.rejected)),
      ) / 50,
    ) * 50;
  const innerW = W - M.left - M.right;
  const innerH = PANEL_H - M.top - M.bottom;
  const out: string[] = [];
  const H = PANEL_H * panels.length + 30;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
  );
  panels.forEach((panel, i) => {
    const y0 = i * PANEL_H;
    const x = (m: number) => M.left + (m / maxMinute) * innerW;
    const y = (v: number) => y0 + M.top + innerH - (v / maxY) * innerH;
    out.push(`<text x="${M.left}" y="${y0 + 20}" font-size="13" font-weight="bold">${esc(panel.title)}</text>`);
    if (panel.outage) {
      out.push(
        `<rect x="${x(panel.outage.from)}" y="${y(maxY)}" width="${x(panel.outage.to) - x(panel.outage.from)}" height="${innerH}" fill="#eee"/>`,
        `<text x="${x(panel.outage.from) + 3}" y="${y(maxY) + 12}" fill="#666">site 1 arrêté</text>`,
      );
    }
    // Stacked areas, bottom layer first.
    const rows = panel.figures.perMinute;
    const base = rows.map(() => 0);
    for (const layer of LAYERS) {
      const top = rows.map((r, k) => base[k]! + r[layer.key]);
      const pts = [
        ...rows.map((_, k) => `${x(k + 0.5).toFixed(1)},${y(top[k]!).toFixed(1)}`),
        ...rows.map((_, k) => `${x(k + 0.5).toFixed(1)},${y(base[k]!).toFixed(1)}`).reverse(),
      ];
      out.push(`<polygon points="${pts.join(' ')}" fill="${layer.color}" fill-opacity="0.85" stroke="none"/>`);
      rows.forEach((_, k) => (base[k] = top[k]!));
    }
    // Axes, grid, reference lines.
    for (let v = 0; v <= maxY; v += maxY / 5) {
      out.push(
        `<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd" stroke-width="0.5"/>`,
        `<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`,
      );
    }
    for (let m = 0; m <= maxMinute; m += 15) {
      const h = 8 + Math.floor(m / 60);
      out.push(
        `<text x="${x(m)}" y="${y0 + PANEL_H - M.bottom + 14}" text-anchor="middle">${h}:${String(m % 60).padStart(2, '0')}</text>`,
      );
    }
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(capacityPerSite)}" y2="${y(capacityPerSite)}" stroke="#000" stroke-dasharray="6 3"/>`,
      `<text x="${W - M.right - 2}" y="${y(capacityPerSite) - 4}" text-anchor="end">capacité d’un site (${capacityPerSite} req/s)</text>`,
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(pollTarget)}" y2="${y(pollTarget)}" stroke="#f58518" stroke-dasharray="2 3"/>`,
      `<text x="${W - M.right - 2}" y="${y(pollTarget) - 4}" text-anchor="end" fill="#b35c00">cible polls ${pollTarget} req/s</text>`,
      `<text x="14" y="${y0 + M.top + innerH / 2}" transform="rotate(-90 14 ${y0 + M.top + innerH / 2})" text-anchor="middle">req/s (moyenne par minute)</text>`,
    );
  });
  // Legend.
  let lx = M.left;
  const ly = H - 12;
  for (const layer of LAYERS) {
    out.push(
      `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${layer.color}"/>`,
      `<text x="${lx + 14}" y="${ly}">${esc(layer.label)}</text>`,
    );
    lx += 24 + layer.label.length * 6.5;
  }
  out.push('</svg>');
  return out.join('\n');
}
