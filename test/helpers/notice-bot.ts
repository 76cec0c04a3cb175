// A bot's notice core over real files in a temp dir, restartable, with a clock the test moves and
// notice delivery on in-memory chat platforms (the ChatSpace port): for the notice integration tests.
import { afterEach, beforeEach } from 'vitest';
import type { Core } from '../../src/core/core.js';
import { DomainEvents, type DomainEvent } from '../../src/core/domain-events.js';
import { incidentProjection } from '../../src/core/incidents/incident-projection.js';
import { IncidentService } from '../../src/core/incidents/incident-service.js';
import { changeProjection } from '../../src/core/notices/change-projection.js';
import { NoticeDelivery } from '../../src/core/notices/notice-delivery.js';
import { NoticeOutbox } from '../../src/core/notices/notice-outbox.js';
import { noticeProjection } from '../../src/core/notices/notice-projection.js';
import { NoticeService } from '../../src/core/notices/notice-service.js';
import type { Person } from '../../src/core/parties/model.js';
import type { ChatSpace } from '../../src/core/rooms/chat-space.js';
import { FileRepository } from '../../src/store/file-repository.js';
import { exampleDirectory } from './core-fixture.js';
import { silentLogger } from './silent-logger.js';
import { makeTempDir } from './temp-dir.js';

export const START = Date.parse('2026-12-01T00:00:00Z');
export const HOUR = 3_600_000;

export interface NoticeBot {
  readonly core: Core;
  readonly notices: NoticeService;
  readonly repository: FileRepository;
  readonly outbox: NoticeOutbox;
  readonly published: DomainEvent[];
  person(id: string): Person;
  /** Waits for the posts under way. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface NoticeWorld {
  /** The bot's storage and core; with `deliver`, notice delivery started on those spaces. */
  start(deliver?: { spaces?: readonly ChatSpace[]; console?: boolean }): Promise<NoticeBot>;
  advance(ms: number): void;
  now(): number;
}

/** For a test file: a fresh data dir and clock (at START) per test. */
export function noticeWorldPerTest(): NoticeWorld {
  let temp: ReturnType<typeof makeTempDir>;
  let clock = START;
  beforeEach(() => {
    temp = makeTempDir();
    clock = START;
  });
  afterEach(() => temp.cleanup());
  return {
    advance: (ms) => {
      clock += ms;
    },
    now: () => clock,
    start: async (deliver) => {
      const now = (): Date => new Date(clock);
      const directory = exampleDirectory();
      const repository = await FileRepository.open({
        dataDir: temp.path,
        projections: [incidentProjection, noticeProjection, changeProjection],
        logger: silentLogger,
        now,
      });
      const events = new DomainEvents((error) => {
        throw error;
      });
      const published: DomainEvent[] = [];
      events.subscribe((event) => {
        published.push(event);
      });
      const notices = new NoticeService(repository, directory, events, now, 'Asia/Tokyo');
      const core: Core = {
        directory,
        incidents: new IncidentService(repository, directory, events, now),
        notices,
        events,
        defaultLocale: 'en',
        timeZone: 'Asia/Tokyo',
        now,
      };
      const outbox = new NoticeOutbox(repository);
      const delivery = deliver
        ? new NoticeDelivery(core, deliver.spaces ?? [], outbox, silentLogger, {
            console: deliver.console ?? false,
          })
        : undefined;
      await delivery?.start();
      return {
        core,
        notices,
        repository,
        outbox,
        published,
        person: (id) => directory.person(id)!,
        settle: async () => {
          await delivery?.idle();
        },
        close: async () => {
          await delivery?.stop();
          await repository.close();
        },
      };
    },
  };
}

/** Takahashi subscribes a channel to Message center plan-for-change notices about mail. */
export function subscribeOps(
  bot: NoticeBot,
  options: { all?: boolean; platform?: 'slack' | 'console' } = {},
) {
  const platform = options.platform ?? 'slack';
  return bot.notices.subscribe(
    bot.person('takahashi'),
    { platform, channel: platform === 'slack' ? 'C-OPS' : '#general' },
    {
      source: 'm365-messages',
      services: ['mail'],
      products: [],
      categories: ['planForChange'],
      keywords: [],
      tags: [],
      all: options.all ?? false,
    },
  );
}
