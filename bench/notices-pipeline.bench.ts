// Provider change notices, parse to route: N notices from one large RSS feed (AWS What's New shaped)
// and from a set of Microsoft Graph Message Center pages go through normalise() (parse, plain text,
// tags) and NoticeService.ingest (deduplicate by content hash, match products to tsunagi.yaml
// services, choose the posts each subscription wants, record it all in the ledger), as the poller
// does. Beside it, in the same run and on the same bytes, the bare parser alone: feedsmith's
// parseFeed for the feed, JSON.parse for the Graph pages. The goal: the whole pipeline at least half
// as fast as the bare parse (ratio ≥ 0.5). A second poll of the same payload (everything unchanged,
// nothing recorded) shows what deduplication costs.
import { parseFeed } from 'feedsmith';
import { pino } from 'pino';
import { EXAMPLE_CONFIG } from '../src/app/paths.js';
import { DomainEvents } from '../src/core/domain-events.js';
import { changeProjection } from '../src/core/notices/change-projection.js';
import { noticeProjection } from '../src/core/notices/notice-projection.js';
import { NoticeService } from '../src/core/notices/notice-service.js';
import { Directory } from '../src/core/parties/directory.js';
import { loadConfig } from '../src/core/parties/load-config.js';
import { normalise } from '../src/sources/feeds/normalise.js';
import type { Notice, NoticeSourceKind } from '../src/sources/feeds/notice.js';
import { FileRepository } from '../src/store/file-repository.js';
import { fmt, memory, printTable, scratchDir } from './measure.js';
import { generateFeed, generateGraphPages } from './notice-payloads.js';

export interface NoticesPipelineOptions {
  readonly notices: number;
  /** Rounds per source; the median is reported. */
  readonly rounds: number;
}

export interface SourceFigures {
  readonly label: string;
  readonly bareMs: number;
  readonly pipelineMs: number;
  readonly normaliseMs: number;
  readonly ingestMs: number;
  readonly repollMs: number;
  /** Bare parse time over pipeline time: pipeline throughput as a share of the bare parser's. */
  readonly ratio: number;
  /** Posts the subscriptions called for, and notices matched to a tsunagi.yaml service. */
  readonly posted: number;
  readonly matched: number;
  readonly failures: readonly string[];
}

export interface NoticesPipelineFigures {
  readonly feed: SourceFigures;
  readonly graph: SourceFigures;
}

const START = new Date('2025-05-15T00:00:00Z');
const logger = pino({ level: 'silent' });

let directory: Directory | undefined;

/** The notice services as src/main.ts wires them, over a fresh data dir, with two subscriptions. */
async function openNotices(
  dataDir: string,
  source: string,
): Promise<{ service: NoticeService; repository: FileRepository; close: () => Promise<void> }> {
  directory ??= new Directory(loadConfig({ file: EXAMPLE_CONFIG, isExample: true }));
  const repository = await FileRepository.open({
    dataDir,
    projections: [noticeProjection, changeProjection],
    logger,
    now: () => START,
  });
  const events = new DomainEvents((error) => {
    throw error;
  });
  const service = new NoticeService(repository, directory, events, () => START, 'Asia/Tokyo');
  const actor = directory.person('sato')!;
  const none = { products: [], categories: [], keywords: [], tags: [], services: [], all: false };
  // What the organisation uses, from this source; and every security bulletin, used or not.
  await service.subscribe(actor, { platform: 'console', channel: '#notices' }, { ...none, source });
  await service.subscribe(
    actor,
    { platform: 'console', channel: '#security' },
    { ...none, source, tags: ['security'], all: true },
  );
  return { service, repository, close: () => repository.close() };
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function benchSource(
  label: string,
  kind: NoticeSourceKind,
  payloads: readonly string[],
  bare: (payload: string) => unknown,
  expected: number,
  rounds: number,
): Promise<SourceFigures> {
  const bareMs: number[] = [];
  const pipelineMs: number[] = [];
  const normaliseMs: number[] = [];
  const ingestMs: number[] = [];
  const repollMs: number[] = [];
  const failures: string[] = [];
  let posted = 0;
  let matched = 0;
  for (let round = 0; round < rounds; round++) {
    memory();
    let start = performance.now();
    for (const payload of payloads) bare(payload);
    bareMs.push(performance.now() - start);

    const scratch = scratchDir('notices');
    const world = await openNotices(scratch.path, `bench-${kind}`);
    try {
      memory();
      start = performance.now();
      const notices: Notice[] = [];
      for (const payload of payloads) notices.push(...normalise(kind, payload).notices);
      const parsed = performance.now();
      const counts = await world.service.ingest(`bench-${kind}`, notices);
      const end = performance.now();
      normaliseMs.push(parsed - start);
      ingestMs.push(end - parsed);
      pipelineMs.push(end - start);
      if (counts.new !== expected) failures.push(`${label}: ${counts.new} new notices, expected ${expected}`);
      const state = world.repository.state(noticeProjection);
      posted = state.outbox.reduce((sum, pending) => sum + pending.targets.length, 0);
      matched = Object.values(state.byId).filter((record) => record.services.length > 0).length;

      // The next poll returns the same payload: every notice is unchanged and nothing is recorded.
      start = performance.now();
      const again: Notice[] = [];
      for (const payload of payloads) again.push(...normalise(kind, payload).notices);
      const repoll = await world.service.ingest(`bench-${kind}`, again);
      repollMs.push(performance.now() - start);
      if (repoll.unchanged !== expected)
        failures.push(`${label}: re-poll left ${repoll.unchanged} unchanged`);
    } finally {
      await world.close();
      scratch.remove();
    }
  }
  const figures = {
    label,
    bareMs: median(bareMs),
    pipelineMs: median(pipelineMs),
    normaliseMs: median(normaliseMs),
    ingestMs: median(ingestMs),
    repollMs: median(repollMs),
    posted,
    matched,
    failures,
  };
  return { ...figures, ratio: figures.bareMs / figures.pipelineMs };
}

export async function benchNoticesPipeline(options: NoticesPipelineOptions): Promise<NoticesPipelineFigures> {
  const n = options.notices;
  const feed = generateFeed(n);
  const pages = generateGraphPages(n);
  const megabytes = (bytes: number): string => `${fmt(bytes / 1024 / 1024)} MiB`;
  console.log(
    `\nNotices pipeline: ${n.toLocaleString('en-US')} notices; RSS feed ${megabytes(Buffer.byteLength(feed))}, ` +
      `Graph ${pages.length} pages ${megabytes(pages.reduce((s, p) => s + Buffer.byteLength(p), 0))}; median of ${options.rounds} rounds`,
  );
  // Warm-up: the JIT sees every path before anything is timed.
  await benchSource('warm-up', 'aws-whats-new', [generateFeed(500)], (p) => parseFeed(p), 500, 1);
  await benchSource('warm-up', 'm365-messages', generateGraphPages(500), (p) => JSON.parse(p), 500, 1);

  const rss = await benchSource('RSS feed', 'aws-whats-new', [feed], (p) => parseFeed(p), n, options.rounds);
  const graph = await benchSource(
    'Graph pages',
    'm365-messages',
    pages,
    (p) => JSON.parse(p),
    n,
    options.rounds,
  );

  const perSecond = (ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
  const rows = [rss, graph].map((f) => [
    f.label,
    `${fmt(f.bareMs, 0)} ms (${perSecond(f.bareMs)})`,
    `${fmt(f.pipelineMs, 0)} ms (${perSecond(f.pipelineMs)})`,
    `${fmt(f.normaliseMs, 0)} ms`,
    `${fmt(f.ingestMs, 0)} ms`,
    `${fmt(f.repollMs, 0)} ms`,
    fmt(f.ratio, 2),
    f.matched.toLocaleString('en-US'),
    f.posted.toLocaleString('en-US'),
  ]);
  printTable(
    'Notices: bare parse vs parse + dedupe + match + route (ratio = pipeline throughput / bare parse; goal ≥ 0.50)',
    [
      [
        'source',
        'bare parse',
        'pipeline',
        'normalise',
        'ingest',
        're-poll (dedupe)',
        'ratio',
        'matched',
        'posts',
      ],
      ...rows,
    ],
  );
  for (const failure of [...rss.failures, ...graph.failures]) console.log(`  FAILED: ${failure}`);
  return { feed: rss, graph };
}
