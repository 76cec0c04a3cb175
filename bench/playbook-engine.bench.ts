// The playbook engine with persistence on, as the bot runs it: PlaybookRunService over a real
// FileRepository (fdatasync per ledger entry, state.json snapshots). Two questions:
// 1. What does a step transition cost beyond writing its ledger entries? Each `complete` is timed,
//    then the very entries it committed are appended straight to a bare ledger (persistence alone).
// 2. Do 1,000 waiting runs fit in memory and come back after a restart with every timer? The runs
//    are started, the repository is closed and opened again, and the reminders that fall due must
//    fire exactly once each (a correctness check: a wrong count fails the benchmark).
import { readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { LEDGER_DIR, STATE_FILE } from '../src/store/file-repository.js';
import type { NewLedgerEntry } from '../src/store/ledger/entry.js';
import { FileLedger, LEDGER_FILE } from '../src/store/ledger/file-ledger.js';
import { fmt, mb, memory, percentile, printTable, scratchDir, timeIt } from './measure.js';
import {
  benchPlaybooks,
  declareIncident,
  openWorld,
  stepId,
  STEPS_PLAYBOOK,
  WAIT_PLAYBOOK,
  WAIT_REMIND_EVERY_MS,
  type PlaybookWorld,
} from './playbook-world.js';

export interface PlaybookEngineOptions {
  /** Step transitions to time (`complete` calls). */
  readonly transitions: number;
  readonly stepsPerRun: number;
  /** Runs left waiting for the memory and restart measurement. */
  readonly waitingRuns: number;
}

export interface PlaybookEngineFigures {
  readonly transitionP50: number;
  readonly ledgerOnlyP50: number;
  /** Mean transition over mean ledger-only append of the same entries. */
  readonly ratio: number;
  readonly resumeMs: number;
  readonly parseMs: number;
  readonly remindersFired: number;
  /** Empty when every correctness check held. */
  readonly failures: readonly string[];
}

const START = new Date('2026-11-22T13:00:00Z');
const ms = (value: number, digits = 3): string => `${fmt(value, digits)} ms`;
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** A fresh clock per data dir, moved forward by the benchmark. */
function clock(): { now: () => Date; set: (at: number) => void } {
  let at = START.getTime();
  return { now: () => new Date(at), set: (to) => (at = to) };
}

interface Timed {
  /** Milliseconds per transition (service) or per transition's entries (ledger only). */
  readonly service: number[];
  readonly ledgerOnly: number[];
  entries: number;
}

/**
 * Drives one run through every step, timing each `complete`, then appends the entries each
 * transition committed to the bare ledger, timed the same way. Run by run, so disk noise hits both.
 */
async function driveRun(
  world: PlaybookWorld,
  bare: FileLedger,
  incident: string,
  steps: number,
  timed: Timed,
): Promise<void> {
  const { run } = await world.runs.start(world.actor, STEPS_PLAYBOOK, { incident });
  const spans: { from: number; to: number }[] = [];
  for (let i = 0; i < steps; i += 1) {
    const from = world.repository.ledgerHead.seq;
    const start = performance.now();
    await world.runs.complete(world.actor, run.id, stepId(i));
    timed.service.push(performance.now() - start);
    spans.push({ from, to: world.repository.ledgerHead.seq });
  }
  const entries = await world.repository.entriesFor(run.id);
  for (const { from, to } of spans) {
    const records: NewLedgerEntry[] = entries
      .filter((e) => e.seq > from && e.seq <= to)
      .map(({ type, subject, actor, data }) => ({ type, subject, ...(actor ? { actor } : {}), data }));
    const start = performance.now();
    for (const record of records) await bare.append(record);
    timed.ledgerOnly.push(performance.now() - start);
    timed.entries += records.length;
  }
}

async function benchTransitions(
  dir: string,
  options: PlaybookEngineOptions,
): Promise<Pick<PlaybookEngineFigures, 'transitionP50' | 'ledgerOnlyP50' | 'ratio'>> {
  const catalog = benchPlaybooks(path.join(dir, 'playbooks'), options.stepsPerRun);
  const world = await openWorld(path.join(dir, 'data'), catalog, clock().now);
  const bare = await FileLedger.open(path.join(dir, 'ledger-only'));
  try {
    const incident = await declareIncident(world);
    // Warm-up: one run through both paths, not counted.
    await driveRun(world, bare, incident, options.stepsPerRun, { service: [], ledgerOnly: [], entries: 0 });
    const timed: Timed = { service: [], ledgerOnly: [], entries: 0 };
    const runs = Math.ceil(options.transitions / options.stepsPerRun);
    for (let r = 0; r < runs; r += 1) await driveRun(world, bare, incident, options.stepsPerRun, timed);
    const n = timed.service.length;
    const row = (name: string, samples: readonly number[]): string[] => [
      name,
      fmt((n / sum(samples)) * 1000, 0),
      ms(percentile(samples, 0.5)),
      ms(percentile(samples, 0.99)),
      ms(sum(samples) / n),
    ];
    printTable(
      `Playbook step transitions, persistence on (${n.toLocaleString('en-US')} transitions: ${runs} runs × ${options.stepsPerRun} instruction steps; ${timed.entries.toLocaleString('en-US')} ledger entries, fdatasync each)`,
      [
        ['path', 'transitions/s', 'p50', 'p99', 'mean'],
        row('PlaybookRunService.complete (engine + ledger + state)', timed.service),
        row('the same entries appended to a bare ledger', timed.ledgerOnly),
      ],
    );
    const ratio = sum(timed.service) / sum(timed.ledgerOnly);
    console.log(
      `  ${fmt(timed.entries / n, 2)} ledger entries per transition; ratio of means complete / ledger only = ${fmt(ratio, 2)}`,
    );
    return {
      transitionP50: percentile(timed.service, 0.5),
      ledgerOnlyP50: percentile(timed.ledgerOnly, 0.5),
      ratio,
    };
  } finally {
    await bare.close();
    await world.repository.close();
  }
}

/** The floor for a restart: read the ledger file and parse every line, nothing else. */
function readAndParse(file: string): number {
  const text = readFileSync(file, 'utf8');
  let count = 0;
  for (const line of text.split('\n')) {
    if (line) {
      JSON.parse(line);
      count += 1;
    }
  }
  return count;
}

async function benchWaitingRuns(
  dir: string,
  options: PlaybookEngineOptions,
): Promise<Pick<PlaybookEngineFigures, 'resumeMs' | 'parseMs' | 'remindersFired' | 'failures'>> {
  const failures: string[] = [];
  const check = (ok: boolean, failure: string): void => {
    if (!ok) failures.push(failure);
  };
  const count = options.waitingRuns;
  const counted = count.toLocaleString('en-US');
  const catalog = benchPlaybooks(path.join(dir, 'playbooks'), 1);
  const dataDir = path.join(dir, 'data');
  const time = clock();
  const memoryRows: string[][] = [['when', 'heap used', 'RSS']];
  const memoryRow = (when: string): void => {
    const { heapUsed, rss } = memory();
    memoryRows.push([when, mb(heapUsed), mb(rss)]);
  };
  const resumeRows: string[][] = [['step', 'time', 'result']];

  let world: PlaybookWorld | undefined = await openWorld(dataDir, catalog, time.now);
  const incident = await declareIncident(world);
  memoryRow('services open, no run');
  const before = memory().heapUsed;
  const seqBefore = world.repository.ledgerHead.seq;
  const started = await timeIt(async () => {
    for (let i = 0; i < count; i += 1) await world!.runs.start(world!.actor, WAIT_PLAYBOOK, { incident });
  });
  const entries = world.repository.ledgerHead.seq - seqBefore;
  memoryRow(`${counted} runs waiting (as started)`);
  const perRun = (memory().heapUsed - before) / count;
  resumeRows.push([
    `start ${counted} runs (${entries.toLocaleString('en-US')} entries)`,
    ms(started.ms, 0),
    `${fmt((count / started.ms) * 1000, 0)} runs/s`,
  ]);
  // Closing waits for the state.json snapshot writes the commits queued.
  const closed = await timeIt(() => world!.repository.close());
  resumeRows.push(['close the repository (queued state.json writes finish)', ms(closed.ms, 0), '']);
  world = undefined;

  const ledgerFile = path.join(dataDir, LEDGER_DIR, LEDGER_FILE);
  const parses = [0, 1, 2].map(() => {
    const start = performance.now();
    const lines = readAndParse(ledgerFile);
    return { ms: performance.now() - start, lines };
  });
  const parseMs = Math.min(...parses.map((p) => p.ms));
  resumeRows.push([
    `baseline: read + JSON.parse ${parses[0]!.lines.toLocaleString('en-US')} lines (${mb(statSync(ledgerFile).size)})`,
    ms(parseMs, 1),
    'best of 3',
  ]);

  // Restart as the bot does: state.json snapshot, ledger scanned and verified, services built.
  const opened = await timeIt(() => openWorld(dataDir, catalog, time.now));
  const resumed: PlaybookWorld = opened.value;
  const due = await timeIt(() => Promise.resolve(resumed.runs.nextDue()));
  const firstReminder = START.getTime() + WAIT_REMIND_EVERY_MS;
  check(
    due.value?.getTime() === firstReminder,
    `nextDue after restart was ${due.value?.toISOString() ?? 'none'}, expected ${new Date(firstReminder).toISOString()}`,
  );
  const seqAtRestart = resumed.repository.ledgerHead.seq;
  const idle = await timeIt(() => resumed.runs.tick());
  check(
    idle.value.length === 0 && resumed.repository.ledgerHead.seq === seqAtRestart,
    `tick() with nothing due produced ${idle.value.length} effects and ${resumed.repository.ledgerHead.seq - seqAtRestart} entries`,
  );
  const resumeMs = opened.ms + due.ms + idle.ms;
  resumeRows.push(
    ['open FileRepository (state.json + ledger verify) + services', ms(opened.ms, 1), ''],
    [`nextDue() over ${counted} runs`, ms(due.ms, 1), due.value?.toISOString() ?? 'none'],
    ['tick(), clock unchanged', ms(idle.ms, 1), `${idle.value.length} effects`],
    ['= load and resume', ms(resumeMs, 1), `${fmt(resumeMs / parseMs, 1)} × the baseline`],
  );
  memoryRow(`after restart (${counted} runs loaded)`);

  time.set(firstReminder + 1000);
  const fired = await timeIt(() => resumed.runs.tick());
  const remindersFired = fired.value.filter((effect) => effect.kind === 'remind').length;
  const recorded = resumed.repository.ledgerHead.seq - seqAtRestart;
  check(remindersFired === count, `${remindersFired} reminders fired after the restart, expected ${count}`);
  check(recorded === count, `the reminder tick recorded ${recorded} ledger entries, expected ${count}`);
  resumeRows.push([
    'tick(), clock at first reminder + 1 s',
    ms(fired.ms, 0),
    `${remindersFired.toLocaleString('en-US')} reminders, ${recorded.toLocaleString('en-US')} entries`,
  ]);
  const closedAfterTick = await timeIt(() => resumed.repository.close());
  resumeRows.push(['close the repository again', ms(closedAfterTick.ms, 0), '']);

  // A cold fold (state.json lost or a projection version bumped): every entry replayed. The
  // reminders already fired must not fire again.
  renameSync(path.join(dataDir, STATE_FILE), path.join(dataDir, `${STATE_FILE}.set-aside`));
  const cold = await timeIt(() => openWorld(dataDir, catalog, time.now));
  const again = await cold.value.runs.tick();
  check(again.length === 0, `after a cold fold ${again.length} effects fired again, expected none`);
  resumeRows.push([
    'open without state.json (every entry folded) + services',
    ms(cold.ms, 1),
    `${again.length} effects repeated by tick()`,
  ]);
  await cold.value.repository.close();

  printTable(
    `${counted} playbook runs waiting (wait PT1H, remind_every PT10M): start, restart, reminders`,
    resumeRows,
  );
  printTable(`Memory (${global.gc ? 'after a full GC' : 'no --expose-gc: without a GC'})`, memoryRows);
  console.log(`  heap per waiting run ≈ ${fmt(perRun / 1024, 1)} KiB`);
  for (const failure of failures) console.log(`  FAIL: ${failure}`);
  return { resumeMs, parseMs, remindersFired, failures };
}

export async function benchPlaybookEngine(options: PlaybookEngineOptions): Promise<PlaybookEngineFigures> {
  const scratch = scratchDir('playbook');
  try {
    const transitions = await benchTransitions(path.join(scratch.path, 'transitions'), options);
    const waiting = await benchWaitingRuns(path.join(scratch.path, 'waiting'), options);
    // A correctness check, not a timing: the run goes on so every figure is printed, then fails.
    if (waiting.failures.length > 0) process.exitCode = 1;
    return { ...transitions, ...waiting };
  } finally {
    scratch.remove();
  }
}
