// Small timing helpers for the benchmarks: wall-clock figures printed as they are measured.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function timeIt<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export function scratchDir(name: string): { path: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `tsunagi-bench-${name}-`));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fmt(value: number, digits = 1): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function mb(bytes: number): string {
  return `${fmt(bytes / 1024 / 1024)} MiB`;
}

export function printTable(title: string, rows: readonly (readonly string[])[]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  console.log(`\n${title}`);
  rows.forEach((row, r) => {
    console.log(
      `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ')}`,
    );
    if (r === 0) console.log(`  ${widths.map((w) => '-'.repeat(w)).join('   ')}`);
  });
}

/** A record the size of a typical incident timeline entry (a note with a sentence of text). */
export function sampleRecord(i: number): {
  type: string;
  subject: string;
  actor: { person: string; party: string };
  data: { text: string };
} {
  return {
    type: 'incident.note_added',
    subject: `INC-${(i % 500) + 1}`,
    actor: { person: 'sato', party: 'city' },
    data: {
      text: `WAF rule ${i} added for the attacking addresses; CMS plugin update under review by the SIer.`,
    },
  };
}

/** Nearest-rank percentile of `samples`, `p` from 0 to 1 (0.5 the median, 0.99 the 99th). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Heap used and resident set size, after a full collection when run with --expose-gc. */
export function memory(): { heapUsed: number; rss: number } {
  global.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}
