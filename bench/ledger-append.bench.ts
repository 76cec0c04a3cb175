// Ledger appends with durability on (fdatasync before acknowledging): throughput one at a time
// and with many in flight (group commit), and the cost of one append with 1,000 versus 1,000,000
// entries already written, which must not grow with history.
import { appendFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { GENESIS_HASH, serializeEntry } from '../src/store/ledger/entry.js';
import { FileLedger, LEDGER_FILE } from '../src/store/ledger/file-ledger.js';
import { fmt, mb, printTable, sampleRecord, scratchDir, timeIt } from './measure.js';

/** Writes `count` valid, chained entries quickly (no fsync per entry): set-up, not the measurement. */
function prefill(directory: string, count: number): void {
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, LEDGER_FILE);
  let prev = GENESIS_HASH;
  const ts = new Date().toISOString();
  for (let start = 0; start < count; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(count, start + 10_000); i += 1) {
      const { line, entry } = serializeEntry(sampleRecord(i), { seq: i + 1, ts, prev });
      lines.push(line);
      prev = entry.hash;
    }
    appendFileSync(file, lines.join(''));
  }
}

async function sequentialAppends(ledger: FileLedger, count: number, offset: number): Promise<number> {
  const { ms } = await timeIt(async () => {
    for (let i = 0; i < count; i += 1) await ledger.append(sampleRecord(offset + i));
  });
  return ms;
}

export interface LedgerFigures {
  sequentialPerSecond: number;
  concurrentPerSecond: number;
  appendMsAt1k: number;
  appendMsAt1m: number;
  ratio: number;
}

export async function benchLedger(options: { large: number; samples: number }): Promise<LedgerFigures> {
  const scratch = scratchDir('ledger');
  try {
    const throughputDir = path.join(scratch.path, 'throughput');
    const ledger = await FileLedger.open(throughputDir);
    const sequentialCount = 2000;
    const sequentialMs = await sequentialAppends(ledger, sequentialCount, 0);
    const concurrentCount = 20_000;
    const { ms: concurrentMs } = await timeIt(async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          while (next < concurrentCount) await ledger.append(sampleRecord(next++));
        }),
      );
    });
    await ledger.close();

    const rows: string[][] = [
      ['history', 'open (scan+verify)', 'ledger size', 'heap after open', 'append (median of rounds, fsync)'],
    ];
    const histories = [1000, options.large];
    const opened: FileLedger[] = [];
    const openInfo: string[][] = [];
    for (const history of histories) {
      const dir = path.join(scratch.path, `history-${history}`);
      prefill(dir, history);
      global.gc?.();
      const before = process.memoryUsage().heapUsed;
      const { ms: openMs, value: ledgerAt } = await timeIt(() => FileLedger.open(dir));
      opened.push(ledgerAt);
      openInfo.push([
        history.toLocaleString('en-US'),
        `${fmt(openMs, 0)} ms`,
        mb(statSync(path.join(dir, LEDGER_FILE)).size),
        `+${mb(process.memoryUsage().heapUsed - before)}`,
      ]);
      await sequentialAppends(ledgerAt, 50, history); // warm-up
    }
    // Interleave the two histories round by round so disk and CPU noise hits both alike.
    const rounds = 10;
    const perRound: number[][] = histories.map(() => []);
    for (let round = 0; round < rounds; round += 1) {
      for (const [i, ledgerAt] of opened.entries()) {
        const count = Math.ceil(options.samples / rounds);
        perRound[i]!.push((await sequentialAppends(ledgerAt, count, 1_000_000_000 + round * count)) / count);
      }
    }
    for (const ledgerAt of opened) await ledgerAt.close();
    const median = (values: number[]): number =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const perAppend = perRound.map(median);
    openInfo.forEach((info, i) => rows.push([...info, `${fmt(perAppend[i]!, 3)} ms`]));
    const figures = {
      sequentialPerSecond: (sequentialCount / sequentialMs) * 1000,
      concurrentPerSecond: (concurrentCount / concurrentMs) * 1000,
      appendMsAt1k: perAppend[0]!,
      appendMsAt1m: perAppend[1]!,
      ratio: perAppend[1]! / perAppend[0]!,
    };
    printTable('Ledger append throughput, durability on (fdatasync before each acknowledgement)', [
      ['mode', 'appends', 'appends/s'],
      ['one at a time', sequentialCount.toLocaleString('en-US'), fmt(figures.sequentialPerSecond, 0)],
      [
        '64 in flight (group commit)',
        concurrentCount.toLocaleString('en-US'),
        fmt(figures.concurrentPerSecond, 0),
      ],
    ]);
    printTable(`Ledger: cost of one append vs history (${options.samples} appends each)`, rows);
    console.log(
      `  ratio ${options.large.toLocaleString('en-US')} / 1,000 = ${fmt(figures.ratio, 2)} (goal: at most 1.30)`,
    );
    return figures;
  } finally {
    scratch.remove();
  }
}
