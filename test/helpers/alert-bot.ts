// A bot's alert core over real files in a temp dir, restartable, with a clock the test moves and
// alert delivery on in-memory chat platforms (the ChatSpace port): for the alert integration tests.
// The organisation is the shipped example with an `alerts` section routing CIS rules to C-SEC.
import { afterEach, beforeEach } from 'vitest';
import { AlertActions } from '../../src/core/alerts/alert-actions.js';
import { AlertDelivery } from '../../src/core/alerts/alert-delivery.js';
import { alertProjection } from '../../src/core/alerts/alert-projection.js';
import { AlertService } from '../../src/core/alerts/alert-service.js';
import type { Core } from '../../src/core/core.js';
import { DomainEvents, type DomainEvent } from '../../src/core/domain-events.js';
import { EvidenceService } from '../../src/core/evidence/evidence-service.js';
import { EvidenceStore } from '../../src/core/evidence/evidence-store.js';
import { incidentProjection } from '../../src/core/incidents/incident-projection.js';
import { IncidentService } from '../../src/core/incidents/incident-service.js';
import { Directory } from '../../src/core/parties/directory.js';
import type { AlertSettings, OrganisationConfig, Person } from '../../src/core/parties/model.js';
import type { ChatSpace } from '../../src/core/rooms/chat-space.js';
import { loadRuleSet } from '../../src/sources/rules/rule-set.js';
import { FileRepository } from '../../src/store/file-repository.js';
import { exampleDirectory } from './core-fixture.js';
import { silentLogger } from './silent-logger.js';
import { makeTempDir } from './temp-dir.js';

export const START = Date.parse('2026-12-01T00:00:00Z');

export const ALERT_SETTINGS: AlertSettings = {
  routes: [{ rules: ['cis-aws-*'], channels: { slack: 'C-SEC', console: '#security' } }],
  channel: { slack: 'C-ALL' },
  groupWindow: '10m',
  sources: [],
};

export interface AlertBot {
  readonly core: Core;
  readonly alerts: AlertService;
  readonly actions: AlertActions;
  readonly evidence: EvidenceService;
  readonly store: EvidenceStore;
  readonly repository: FileRepository;
  readonly published: DomainEvent[];
  person(id: string): Person;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface AlertWorld {
  start(deliver?: { spaces?: readonly ChatSpace[]; console?: boolean }): Promise<AlertBot>;
  advance(ms: number): void;
}

/** `configure` may change the example organisation (e.g. a service's audit_accounts). */
export function alertWorldPerTest(
  configure: (config: OrganisationConfig) => OrganisationConfig = (config) => config,
): AlertWorld {
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
    start: async (deliver) => {
      const now = (): Date => new Date(clock);
      const directory = new Directory(configure({ ...exampleDirectory().config, alerts: ALERT_SETTINGS }));
      const repository = await FileRepository.open({
        dataDir: temp.path,
        projections: [incidentProjection, alertProjection],
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
      const store = new EvidenceStore(temp.path);
      const incidents = new IncidentService(repository, directory, events, now);
      const evidence = new EvidenceService(repository, directory, incidents, store);
      const alerts = new AlertService({
        repository,
        directory,
        events,
        store,
        rules: loadRuleSet({ builtin: true }),
        logger: silentLogger,
        now,
      });
      const actions = new AlertActions(repository, directory, alerts, incidents, now);
      const core: Core = {
        directory,
        incidents,
        evidence,
        alerts,
        alertActions: actions,
        events,
        defaultLocale: 'en',
        timeZone: 'Asia/Tokyo',
        now,
      };
      const delivery = deliver
        ? new AlertDelivery(core, alerts, deliver.spaces ?? [], repository, silentLogger, {
            console: deliver.console ?? false,
          })
        : undefined;
      await delivery?.start();
      return {
        core,
        alerts,
        actions,
        evidence,
        store,
        repository,
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
