// A real playbook run service over real files in a temp directory: the example organisation, the
// incident service, a catalog loaded from fixture playbooks, and a clock the test moves. Opening the
// same directory again is a restart (the projections are folded from what is on disk).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DomainEvents, type DomainEvent } from '../../src/core/domain-events.js';
import { IncidentService } from '../../src/core/incidents/incident-service.js';
import { incidentProjection } from '../../src/core/incidents/incident-projection.js';
import type { Person } from '../../src/core/parties/model.js';
import { runProjection, type RunState } from '../../src/core/playbooks/engine/run-projection.js';
import { loadPlaybookCatalog } from '../../src/core/playbooks/load-playbooks.js';
import type { PlaybookCatalog } from '../../src/core/playbooks/playbook-catalog.js';
import { PlaybookRunService } from '../../src/core/playbooks/playbook-run-service.js';
import { FileRepository } from '../../src/store/file-repository.js';
import { exampleDirectory } from './core-fixture.js';
import { silentLogger } from './silent-logger.js';

export interface LedgerLine {
  readonly type: string;
  readonly subject: string;
  readonly actor?: { readonly person: string; readonly party: string };
  readonly data: Record<string, unknown>;
}

export interface PlaybookWorld {
  readonly repository: FileRepository;
  readonly incidents: IncidentService;
  readonly runs: PlaybookRunService;
  readonly catalog: PlaybookCatalog;
  readonly published: DomainEvent[];
  person(id: string): Person;
  run(id: string): RunState;
  /** Every run entry of the ledger so far, in order. */
  entries(): Promise<LedgerLine[]>;
  close(): Promise<void>;
}

export async function openPlaybookWorld(
  dataDir: string,
  playbookDirs: readonly string[],
  now: () => Date,
): Promise<PlaybookWorld> {
  const directory = exampleDirectory();
  const repository = await FileRepository.open({
    dataDir,
    projections: [incidentProjection, runProjection],
    logger: silentLogger,
    now,
  });
  const published: DomainEvent[] = [];
  const events = new DomainEvents((error) => {
    throw error;
  });
  events.subscribe((event) => {
    published.push(event);
  });
  const catalog = loadPlaybookCatalog(playbookDirs);
  const incidents = new IncidentService(repository, directory, events, now);
  const runs = new PlaybookRunService(repository, directory, catalog, incidents, events, now);
  return {
    repository,
    incidents,
    runs,
    catalog,
    published,
    person: (id) => directory.person(id)!,
    run: (id) => repository.state(runProjection).byId[id]!,
    entries: async () => {
      const text = await readFile(path.join(dataDir, 'ledger', 'ledger.jsonl'), 'utf8');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as LedgerLine)
        .filter((e) => e.type.startsWith('playbook.'));
    },
    close: () => repository.close(),
  };
}
