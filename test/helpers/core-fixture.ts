// A real core over real files in a temp directory, built from the shipped example organisation,
// with a clock the test moves forward.
import { DomainEvents, type DomainEvent } from '../../src/core/domain-events.js';
import type { Core } from '../../src/core/core.js';
import { IncidentService } from '../../src/core/incidents/incident-service.js';
import { incidentProjection } from '../../src/core/incidents/incident-projection.js';
import { Directory } from '../../src/core/parties/directory.js';
import { loadConfig } from '../../src/core/parties/load-config.js';
import type { Person } from '../../src/core/parties/model.js';
import { FileRepository } from '../../src/store/file-repository.js';
import { EXAMPLE_CONFIG } from './bot-process.js';
import { silentLogger } from './silent-logger.js';

export interface CoreFixture {
  readonly core: Core;
  readonly repository: FileRepository;
  readonly published: DomainEvent[];
  person(id: string): Person;
  /** Moves the clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export const exampleDirectory = (): Directory =>
  new Directory(loadConfig({ file: EXAMPLE_CONFIG, isExample: true }));

export async function openCore(
  dataDir: string,
  start = new Date('2026-11-22T13:00:00Z'),
): Promise<CoreFixture> {
  let now = start.getTime();
  const clock = (): Date => new Date(now);
  const directory = exampleDirectory();
  const repository = await FileRepository.open({
    dataDir,
    projections: [incidentProjection],
    logger: silentLogger,
    now: clock,
  });
  const published: DomainEvent[] = [];
  const events = new DomainEvents((error) => {
    throw error;
  });
  events.subscribe((event) => {
    published.push(event);
  });
  const core: Core = {
    directory,
    incidents: new IncidentService(repository, directory, events, clock),
    events,
    defaultLocale: 'ja',
    timeZone: 'Asia/Tokyo',
    now: clock,
  };
  return {
    core,
    repository,
    published,
    person: (id) => directory.person(id)!,
    advance: (ms) => {
      now += ms;
    },
    close: () => repository.close(),
  };
}
