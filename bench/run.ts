// `npm run bench`: every benchmark, printing its figures. Sizes can be reduced for a quick run:
//   node --expose-gc dist/bench/run.js --quick
import os from 'node:os';
import { benchLedger } from './ledger-append.bench.js';
import { benchLowdb } from './lowdb-write.bench.js';
import { benchRouter } from './router-throughput.bench.js';
import { benchSlackAck } from './slack-ack.bench.js';
import { fmt } from './measure.js';

const quick = process.argv.includes('--quick');
const large = quick ? 100_000 : 1_000_000;

console.log(
  `Tsunagi benchmarks — node ${process.version}, ${os.cpus().length} CPU, ${os.platform()} ${os.release()}${quick ? ' (quick)' : ''}`,
);
const ledger = await benchLedger({ large, samples: 500 });
const lowdb = await benchLowdb({ large });
await benchRouter({ commands: quick ? 500 : 2000 });
const slack = await benchSlackAck({ rate: 200, seconds: quick ? 3 : 10, rounds: quick ? 1 : 3 });
console.log(
  `\nSummary: ledger append ${fmt(ledger.appendMsAt1m, 3)} ms at ${large.toLocaleString('en-US')} entries vs ${fmt(ledger.appendMsAt1k, 3)} ms at 1,000 (ratio ${fmt(ledger.ratio, 2)}); ` +
    `lowdb write ${fmt(lowdb.writeMsAt1m, 0)} ms vs ${fmt(lowdb.writeMsAt1k, 2)} ms (ratio ${fmt(lowdb.writeMsAt1m / lowdb.writeMsAt1k, 0)}); ` +
    `Slack ack p99 ${fmt(slack.tsunagi.p99, 0)} ms vs bare Bolt ${fmt(slack.floor.p99, 0)} ms (ratio ${fmt(slack.ratio, 2)}).`,
);
