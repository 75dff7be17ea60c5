import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  metric: string;
  value: number | string;
  unit: string;
  /** What the issue asks for, in words (e.g. "≥ 3000"). */
  target?: string;
  /** Whether the figure meets the target (absent when there is none). */
  met?: boolean;
}

export interface BenchResult {
  name: string;
  description: string;
  figures: Figure[];
  notes: string[];
  finishedAt: string;
}

export const RESULTS_DIR = path.join(__dirname, 'results');

export function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

export function writeResult(result: Omit<BenchResult, 'finishedAt'>): BenchResult {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const full = { ...result, finishedAt: new Date().toISOString() };
  writeFileSync(path.join(RESULTS_DIR, `${result.name}.json`), JSON.stringify(full, null, 2));
  console.log(`\n${result.name}: ${result.description}`);
  for (const f of result.figures) {
    const verdict = f.met === undefined ? '' : f.met ? '  ✓' : '  ✗';
    console.log(
      `  ${f.metric.padEnd(46)} ${String(f.value).padStart(12)} ${f.unit}${f.target ? `   (target ${f.target})${verdict}` : ''}`,
    );
  }
  for (const n of result.notes) console.log(`  note: ${n}`);
  return full;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
