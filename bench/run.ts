// `npm run bench`: every benchmark, printing its figures. Sizes can be reduced for a quick run, and
// benchmarks chosen by name (ledger, lowdb, router, slack, playbook-engine, audit-rules, notices):
//   node --expose-gc dist/bench/run.js --quick
//   npm run bench -- --only playbook-engine
import os from 'node:os';
import { benchAuditRules } from './audit-rules.bench.js';
import { benchLedger } from './ledger-append.bench.js';
import { benchLowdb } from './lowdb-write.bench.js';
import { benchNoticesPipeline } from './notices-pipeline.bench.js';
import { benchPlaybookEngine } from './playbook-engine.bench.js';
import { benchRouter } from './router-throughput.bench.js';
import { benchSlackAck } from './slack-ack.bench.js';
import { fmt } from './measure.js';

const quick = process.argv.includes('--quick');
const large = quick ? 100_000 : 1_000_000;
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? undefined : new Set((process.argv[onlyAt + 1] ?? '').split(','));
const selected = (name: string): boolean => only === undefined || only.has(name);

console.log(
  `Tsunagi benchmarks — node ${process.version}, ${os.cpus().length} CPU, ${os.platform()} ${os.release()}${quick ? ' (quick)' : ''}`,
);
const summary: string[] = [];
if (selected('ledger')) {
  const ledger = await benchLedger({ large, samples: 500 });
  summary.push(
    `ledger append ${fmt(ledger.appendMsAt1m, 3)} ms at ${large.toLocaleString('en-US')} entries vs ${fmt(ledger.appendMsAt1k, 3)} ms at 1,000 (ratio ${fmt(ledger.ratio, 2)})`,
  );
}
if (selected('lowdb')) {
  const lowdb = await benchLowdb({ large });
  summary.push(
    `lowdb write ${fmt(lowdb.writeMsAt1m, 0)} ms vs ${fmt(lowdb.writeMsAt1k, 2)} ms (ratio ${fmt(lowdb.writeMsAt1m / lowdb.writeMsAt1k, 0)})`,
  );
}
if (selected('router')) await benchRouter({ commands: quick ? 500 : 2000 });
if (selected('slack')) {
  const slack = await benchSlackAck({ rate: 200, seconds: quick ? 3 : 10, rounds: quick ? 1 : 3 });
  summary.push(
    `Slack ack p99 ${fmt(slack.tsunagi.p99, 0)} ms vs bare Bolt ${fmt(slack.floor.p99, 0)} ms (ratio ${fmt(slack.ratio, 2)})`,
  );
}
if (selected('playbook-engine')) {
  const waitingRuns = 1000;
  const engine = await benchPlaybookEngine({ transitions: quick ? 500 : 2000, stepsPerRun: 50, waitingRuns });
  const counted = waitingRuns.toLocaleString('en-US');
  summary.push(
    `playbook step transition p50 ${fmt(engine.transitionP50, 3)} ms vs its entries on a bare ledger ${fmt(engine.ledgerOnlyP50, 3)} ms (ratio of means ${fmt(engine.ratio, 2)}); ` +
      `resume ${counted} waiting runs ${fmt(engine.resumeMs, 0)} ms vs read + parse ${fmt(engine.parseMs, 0)} ms (ratio ${fmt(engine.resumeMs / engine.parseMs, 1)}); ` +
      `reminders fired ${engine.remindersFired.toLocaleString('en-US')} of ${counted}${engine.failures.length > 0 ? ` — FAILED: ${engine.failures.join('; ')}` : ''}`,
  );
}
if (selected('audit-rules')) {
  const audit = await benchAuditRules({ events: large, jqEvents: quick ? 20_000 : 50_000 });
  summary.push(
    `CloudTrail rules ${fmt(audit.evaluateEventsPerSecond, 0)} events/s through ${audit.rules} rules vs JSON.parse alone ${fmt(audit.parseEventsPerSecond, 0)} events/s (+${fmt(audit.overhead * 100, 0)}%)` +
      (audit.jqEventsPerSecond === undefined
        ? '; jq not installed'
        : `; jq ${fmt(audit.jqEventsPerSecond, 0)} events/s (${fmt(audit.evaluateEventsPerSecond / audit.jqEventsPerSecond, 1)}× faster)`) +
      (audit.failures.length > 0 ? ` — FAILED: ${audit.failures.join('; ')}` : ''),
  );
}
if (selected('notices')) {
  const notices = await benchNoticesPipeline({ notices: quick ? 2_000 : 10_000, rounds: quick ? 1 : 3 });
  const failures = [...notices.feed.failures, ...notices.graph.failures];
  summary.push(
    `notices parse+dedupe+match+route: RSS ${fmt(notices.feed.pipelineMs, 0)} ms vs feedsmith parseFeed ${fmt(notices.feed.bareMs, 0)} ms (ratio ${fmt(notices.feed.ratio, 2)}), ` +
      `Graph ${fmt(notices.graph.pipelineMs, 0)} ms vs JSON.parse ${fmt(notices.graph.bareMs, 0)} ms (ratio ${fmt(notices.graph.ratio, 2)})` +
      (failures.length > 0 ? ` — FAILED: ${failures.join('; ')}` : ''),
  );
}
if (summary.length > 0) console.log(`\nSummary: ${summary.join('; ')}.`);
