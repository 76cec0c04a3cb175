// Child process for the crash test: appends entries through the real repository as fast as it can,
// with many appends in flight (so group commits happen), and prints "ack <seq> <id>" only after
// each entry's promise resolves, i.e. after it is on disk. The test kills it with SIGKILL mid-burst.
import { writeSync } from 'node:fs';
import { pino } from 'pino';
import { incidentProjection } from '../../src/core/incidents/incident-projection.js';
import { FileRepository } from '../../src/store/file-repository.js';

const [dataDir = './data', totalText = '100000', concurrencyText = '32'] = process.argv.slice(2);
const total = Number(totalText);
const concurrency = Number(concurrencyText);

const repository = await FileRepository.open({
  dataDir,
  projections: [incidentProjection],
  logger: pino({ level: 'silent' }),
});
writeSync(1, `ready ${repository.ledgerHead.seq}\n`);

let next = 0;
async function worker(): Promise<void> {
  while (next < total) {
    const id = `burst-${next++}`;
    const entry = await repository.commit({
      type: 'test.burst',
      subject: 'BURST',
      data: { id, padding: 'x'.repeat(200) },
    });
    writeSync(1, `ack ${entry.seq} ${id}\n`);
  }
}
await Promise.all(Array.from({ length: concurrency }, () => worker()));
await repository.close();
writeSync(1, 'done\n');
