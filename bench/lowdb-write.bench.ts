// Beside the ledger: a lowdb write of the same record into a state of the same sizes. lowdb
// rewrites the whole document on every write, which is why high-volume records stay out of it.
import { statSync } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { fmt, mb, printTable, sampleRecord, scratchDir, timeIt } from './measure.js';

interface Doc {
  records: ReturnType<typeof sampleRecord>[];
}

export async function benchLowdb(options: {
  large: number;
}): Promise<{ writeMsAt1k: number; writeMsAt1m: number }> {
  const scratch = scratchDir('lowdb');
  const rows: string[][] = [['records', 'writes', 'file size', 'write one record (mean)']];
  const means: number[] = [];
  try {
    for (const [size, writes] of [
      [1000, 50],
      [options.large, 3],
    ] as const) {
      const file = path.join(scratch.path, `state-${size}.json`);
      const db = new Low<Doc>(new JSONFile<Doc>(file), { records: [] });
      db.data.records = Array.from({ length: size }, (_, i) => sampleRecord(i));
      await db.write();
      global.gc?.();
      const { ms } = await timeIt(async () => {
        for (let i = 0; i < writes; i += 1) {
          db.data.records.push(sampleRecord(size + i));
          await db.write();
        }
      });
      means.push(ms / writes);
      rows.push([
        size.toLocaleString('en-US'),
        String(writes),
        mb(statSync(file).size),
        `${fmt(ms / writes, 3)} ms`,
      ]);
    }
    printTable('lowdb (state.json): one write of the same record (whole file rewritten, no fsync)', rows);
    console.log(
      `  ratio ${options.large.toLocaleString('en-US')} / 1,000 = ${fmt(means[1]! / means[0]!, 0)}`,
    );
    return { writeMsAt1k: means[0]!, writeMsAt1m: means[1]! };
  } finally {
    scratch.remove();
  }
}
