// Bench report: one row per figure, written as JSON (bench/results/latest.json, git-ignored)
// and as a Markdown table (bench/results/latest.md, also printed). A committed
// bench/results/baseline.json (a previous full run) adds a "reference" column when present.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What every benchmark returns (same shape as bench/capture and bench/sync). */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
  /** The baseline tool, measured in the same run on the same machine. */
  baseline?: { name: string; value: number; unit: string };
}

/** A report row: `baseline` is always present (null when the figure has no baseline tool). */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
  baseline: { name: string; value: number; unit: string } | null;
}

export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  machine: { node: string; platform: string; cpus: number; cpuModel: string; memoryGiB: number };
  rows: BenchRow[];
  /** Benchmarks that threw: the run goes on, the failure is a row of its own too. */
  errors: Array<{ group: string; message: string }>;
  passed: number;
  failed: number;
}

export function toRow(r: BenchResult): BenchRow {
  return { name: r.name, value: r.value, unit: r.unit, target: r.target, pass: r.pass, baseline: r.baseline ?? null };
}

/** A benchmark that could not run: reported as a failing row, never silently dropped. */
export function errorRow(group: string, error: unknown): BenchRow {
  const message = error instanceof Error ? error.message : String(error);
  return {
    name: `${group}: could not run (${message.split('\n')[0]?.slice(0, 160) ?? ''})`,
    value: Number.NaN,
    unit: '',
    target: '—',
    pass: false,
    baseline: null,
  };
}

export function machineInfo(): BenchReport['machine'] {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${os.release()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return Number.isInteger(v) ? v.toLocaleString('en-US') : String(v);
}

export function readReference(file: string): Map<string, BenchRow> {
  const map = new Map<string, BenchRow>();
  if (!existsSync(file)) return map;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<BenchReport>;
    for (const r of data.rows ?? []) map.set(r.name, r);
  } catch {
    // An unreadable reference is just no reference.
  }
  return map;
}

export function toMarkdown(report: BenchReport, reference: Map<string, BenchRow> = new Map()): string {
  const withRef = reference.size > 0;
  const head = ['Benchmark', 'Value', 'Unit', 'Target', 'Pass', 'Baseline (same run)'];
  if (withRef) head.push('Reference (baseline.json)');
  const lines = [
    `Run ${report.startedAt} — ${report.durationSeconds.toFixed(0)} s — Node ${report.machine.node}, ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB — ${report.passed} passed, ${report.failed} failed`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
  ];
  for (const r of report.rows) {
    const cols = [
      cell(r.name),
      fmt(r.value),
      cell(r.unit),
      cell(r.target),
      r.pass ? 'yes' : '**NO**',
      r.baseline ? cell(`${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}`) : '—',
    ];
    if (withRef) {
      const ref = reference.get(r.name);
      cols.push(ref ? `${fmt(ref.value)} ${cell(ref.unit.split(' (')[0] ?? '')}` : '—');
    }
    lines.push(`| ${cols.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

export function writeReport(dir: string, report: BenchReport): { json: string; md: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'latest.json');
  const md = path.join(dir, 'latest.md');
  const markdown = toMarkdown(report, readReference(path.join(dir, 'baseline.json')));
  writeFileSync(
    json,
    JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n',
  );
  writeFileSync(md, markdown);
  return { json, md, markdown };
}

export const DOCS_START = '<!-- bench:latest:start -->';
export const DOCS_END = '<!-- bench:latest:end -->';

/** Replaces the figures between the bench markers of a Markdown file (docs/performance.md). */
export function updateDocs(file: string, markdown: string): boolean {
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(DOCS_START);
  const b = text.indexOf(DOCS_END);
  if (a < 0 || b < a) return false;
  writeFileSync(file, `${text.slice(0, a + DOCS_START.length)}\n${markdown}${text.slice(b)}`);
  return true;
}
