// The playbook services wired as src/main.ts wires them (FileRepository with the incident and run
// projections, the example organisation, playbooks read by the real loader) over a scratch data
// dir, with a clock the benchmark moves; and the generated playbooks the engine benchmark drives.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { EXAMPLE_CONFIG } from '../src/app/paths.js';
import { DomainEvents } from '../src/core/domain-events.js';
import { IncidentService } from '../src/core/incidents/incident-service.js';
import { incidentProjection } from '../src/core/incidents/incident-projection.js';
import { Directory } from '../src/core/parties/directory.js';
import { loadConfig } from '../src/core/parties/load-config.js';
import type { Person } from '../src/core/parties/model.js';
import { runProjection } from '../src/core/playbooks/engine/run-projection.js';
import { loadPlaybookCatalog } from '../src/core/playbooks/load-playbooks.js';
import type { PlaybookCatalog } from '../src/core/playbooks/playbook-catalog.js';
import { PlaybookRunService } from '../src/core/playbooks/playbook-run-service.js';
import { FileRepository } from '../src/store/file-repository.js';

/** `steps` instruction steps in a row, each leading to the next. */
export const STEPS_PLAYBOOK = 'bench-instruction-steps';
/** A one-hour wait with a reminder every ten minutes, then one instruction step. */
export const WAIT_PLAYBOOK = 'bench-wait-with-reminders';
export const WAIT_REMIND_EVERY_MS = 10 * 60 * 1000;

export const stepId = (i: number): string => `step_${String(i + 1).padStart(4, '0')}`;

function playbookDocument(id: string, title: { ja: string; en: string }, steps: object[]): object {
  return {
    apiVersion: 'tsunagi/v1',
    kind: 'Playbook',
    metadata: { id, version: '1.0.0', lifecycle: 'incident', title, tlp: 'CLEAR' },
    roles: {
      commander: {
        party: 'customer',
        incident_role: 'commander',
        label: { ja: '対応責任者', en: 'Incident commander' },
        can: ['decide'],
      },
    },
    start: (steps[0] as { id: string }).id,
    steps,
  };
}

/** Writes the two benchmark playbooks as YAML into `dir` and loads them through the real loader. */
export function benchPlaybooks(dir: string, steps: number): PlaybookCatalog {
  mkdirSync(dir, { recursive: true });
  const instructions = Array.from({ length: steps }, (_, i) => ({
    id: stepId(i),
    kind: 'instruction',
    title: { ja: `手順 ${i + 1}`, en: `Step ${i + 1}` },
    assignee: 'commander',
    body: { ja: `手順 ${i + 1} を実施する。`, en: `Carry out step ${i + 1}.` },
    next: i + 1 < steps ? stepId(i + 1) : 'end',
  }));
  writeFileSync(
    path.join(dir, `${STEPS_PLAYBOOK}.yaml`),
    stringify(playbookDocument(STEPS_PLAYBOOK, { ja: '連続する手順', en: 'Steps in a row' }, instructions)),
  );
  const wait = [
    {
      id: 'watch',
      kind: 'wait',
      title: { ja: '再発の監視', en: 'Watch for recurrence' },
      assignee: 'commander',
      duration: 'PT1H',
      remind_every: 'PT10M',
      next: 'wrap_up',
    },
    {
      id: 'wrap_up',
      kind: 'instruction',
      title: { ja: '監視結果の記録', en: 'Record what the watch found' },
      assignee: 'commander',
      body: { ja: '監視結果を記録する。', en: 'Record what the watch found.' },
      next: 'end',
    },
  ];
  writeFileSync(
    path.join(dir, `${WAIT_PLAYBOOK}.yaml`),
    stringify(playbookDocument(WAIT_PLAYBOOK, { ja: '待機とリマインダー', en: 'Wait with reminders' }, wait)),
  );
  return loadPlaybookCatalog([dir]);
}

export interface PlaybookWorld {
  readonly repository: FileRepository;
  readonly incidents: IncidentService;
  readonly runs: PlaybookRunService;
  /** The example organisation's customer director, who declares and drives everything. */
  readonly actor: Person;
}

const logger = pino({ level: 'silent' });
let directory: Directory | undefined;

/** Opens the data dir (reading state.json and the whole ledger) and builds the services on it. */
export async function openWorld(
  dataDir: string,
  catalog: PlaybookCatalog,
  now: () => Date,
): Promise<PlaybookWorld> {
  directory ??= new Directory(loadConfig({ file: EXAMPLE_CONFIG, isExample: true }));
  const repository = await FileRepository.open({
    dataDir,
    projections: [incidentProjection, runProjection],
    logger,
    now,
  });
  const events = new DomainEvents((error) => {
    throw error;
  });
  const incidents = new IncidentService(repository, directory, events, now);
  const runs = new PlaybookRunService(repository, directory, catalog, incidents, events, now);
  return { repository, incidents, runs, actor: directory.person('sato')! };
}

/** Declares the incident the benchmark runs belong to (INC-1), with the actor as commander. */
export async function declareIncident(world: PlaybookWorld): Promise<string> {
  const { incident } = await world.incidents.declare(world.actor, {
    title: 'Benchmark incident',
    severity: 3,
    services: ['portal'],
    commander: world.actor,
  });
  return incident.id;
}
