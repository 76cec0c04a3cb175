// The composition root: reads the environment and tsunagi.yaml, opens storage, builds the core and
// the router, starts the HTTP listener and the platform adapters, and shuts everything down in
// order. Nothing else wires modules together.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pino } from 'pino';
import { commands } from '../commands/index.js';
import { EXAMPLE_CONFIG, PACKAGE_ROOT } from './app/paths.js';
import {
  readEnvironment,
  slackCredentials,
  teamsCredentials,
  type RuntimeSettings,
} from './config/environment.js';
import { boardBaseUrl, loadBoardLinkKey } from './core/board/board-link-key.js';
import { BoardLinks } from './core/board/board-links.js';
import type { Core } from './core/core.js';
import { DomainEvents } from './core/domain-events.js';
import type { Bilingual } from './core/i18n/locale.js';
import { IncidentService } from './core/incidents/incident-service.js';
import { incidentProjection } from './core/incidents/incident-projection.js';
import { AlertActions } from './core/alerts/alert-actions.js';
import { AlertDelivery } from './core/alerts/alert-delivery.js';
import { alertProjection } from './core/alerts/alert-projection.js';
import { loadAlertRules } from './core/alerts/alert-rules.js';
import { FileSeenPlaces } from './core/alerts/seen-places-file.js';
import { AlertService } from './core/alerts/alert-service.js';
import { changeProjection } from './core/notices/change-projection.js';
import { NoticeDelivery } from './core/notices/notice-delivery.js';
import { NoticeOutbox } from './core/notices/notice-outbox.js';
import { noticeProjection } from './core/notices/notice-projection.js';
import { NoticeService } from './core/notices/notice-service.js';
import { Directory } from './core/parties/directory.js';
import { loadConfig, locateConfig } from './core/parties/load-config.js';
import { loadPlaybookCatalog } from './core/playbooks/load-playbooks.js';
import { runProjection } from './core/playbooks/engine/run-projection.js';
import { PlaybookRunService } from './core/playbooks/playbook-run-service.js';
import { EvidenceService } from './core/evidence/evidence-service.js';
import { EvidenceStore } from './core/evidence/evidence-store.js';
import { noticeSourceEnvironment } from './config/notice-source-env.js';
import { noticeDigest } from './core/views/notice-digest.js';
import { ViewContext } from './core/views/view-context.js';
import { NoticeDigestJob } from './jobs/notice-digest.js';
import { FeedStateStore } from './sources/feeds/feed-state-store.js';
import { normalise } from './sources/feeds/normalise.js';
import { NoticePoller } from './sources/feeds/poller.js';
import { buildAuditPoller } from './sources/audit/build-audit-poller.js';
import { SourceFetchers } from './sources/feeds/source-fetchers.js';
import { PlaybookTimer } from './jobs/playbook-timer.js';
import { UpdateReminders } from './jobs/update-reminders.js';
import { registerSecretValues } from './core/secrets/mask-secrets.js';
import { startHttpServer, type HttpServer } from './http/http-server.js';
import { createLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import type { PlatformAdapter } from './platforms/adapter.js';
import { ConsoleAdapter } from './platforms/console/console-adapter.js';
import { SlackAdapter } from './platforms/slack/slack-adapter.js';
import { TeamsAdapter } from './platforms/teams/teams-adapter.js';
import { IncidentRooms } from './core/rooms/incident-rooms.js';
import { EffectOutbox } from './core/rooms/effect-outbox.js';
import type { ChatSpace } from './core/rooms/chat-space.js';
import { Router } from './router/router.js';
import { FileRepository } from './store/file-repository.js';
import { mountBoard } from './web/board-routes.js';
import { ssoFromEnvironment } from './web/sso.js';

export interface StartOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly adapters?: string;
  readonly as?: string;
  readonly input: Readable & { isTTY?: boolean };
  readonly output: Writable & { isTTY?: boolean };
  /** Where start-up notices go when the console is not interactive (so stdout holds only replies). */
  readonly errorOutput?: Writable;
  readonly now?: () => Date;
}

export interface RunningBot {
  /** Resolves when the bot has stopped by itself (the console reached end of input). */
  readonly finished: Promise<void>;
  readonly httpPort?: number;
  readonly logger: Logger;
  stop(): Promise<void>;
}

function logDestination(settings: RuntimeSettings): pino.DestinationStream {
  const file =
    settings.env.LOG_FILE ??
    (settings.adapters.includes('console') ? path.join(settings.dataDir, 'tsunagi.log') : undefined);
  // The console adapter owns the terminal, so its logs go to a file instead of between replies.
  return file
    ? pino.destination({ dest: file, mkdir: true, sync: false })
    : pino.destination({ fd: 2, sync: false });
}

export async function startBot(options: StartOptions): Promise<RunningBot> {
  const settings = readEnvironment(options.env, options.adapters ? { adapters: options.adapters } : {});
  const dataDir = path.resolve(options.cwd, settings.dataDir);
  await mkdir(dataDir, { recursive: true });
  const logger = createLogger({
    level: settings.env.LOG_LEVEL ?? 'info',
    destination: logDestination({ ...settings, dataDir }),
  });
  registerSecretValues(settings.secrets);

  // Checked before anything opens, so a bad setting stops start-up with a clear message.
  const teamsSettings = settings.adapters.includes('teams') ? teamsCredentials(settings.env) : undefined;
  const noticeEnvironment = noticeSourceEnvironment(settings.env);

  const location = locateConfig(settings.env.TSUNAGI_CONFIG, options.cwd, EXAMPLE_CONFIG);
  const config = loadConfig(location);
  // The shipped playbooks and the organisation's own (TSUNAGI_PLAYBOOKS_DIR): one invalid playbook
  // stops start-up, like a bad tsunagi.yaml, rather than failing in the middle of an incident.
  const playbooks = loadPlaybookCatalog(
    settings.env.TSUNAGI_PLAYBOOKS_DIR ? [path.resolve(options.cwd, settings.env.TSUNAGI_PLAYBOOKS_DIR)] : [],
    [path.join(PACKAGE_ROOT, 'playbooks')],
  );
  const notices: Bilingual[] = [];
  if (location.isExample) {
    const notice = {
      ja: `tsunagi.yaml がないため、サンプル設定（${path.basename(location.file)}: つばき市の例）で動いています。自組織の設定は tsunagi.example.yaml をコピーして tsunagi.yaml を作成してください。`,
      en: `No tsunagi.yaml found, so the example configuration (${path.basename(location.file)}: Tsubaki City) is in use. Copy tsunagi.example.yaml to tsunagi.yaml for your own organisation.`,
    };
    notices.push(notice);
    if (!options.input.isTTY || !settings.adapters.includes('console')) {
      options.errorOutput?.write(`${notice[settings.locale]}\n`);
    }
    logger.warn({ file: location.file }, notice.en);
  }
  const directory = new Directory(config);
  const now = options.now ?? (() => new Date());
  // The incident board (/tab/) is served whenever the HTTP server runs; its links need the port.
  const httpPort = settings.port;
  const boardLinks =
    httpPort === undefined
      ? undefined
      : new BoardLinks({
          secret: await loadBoardLinkKey(dataDir),
          baseUrl: boardBaseUrl(settings.env.TSUNAGI_PUBLIC_URL, () => http?.port ?? httpPort),
        });
  const sso = ssoFromEnvironment(settings.env);
  const repository = await FileRepository.open({
    dataDir,
    projections: [incidentProjection, runProjection, noticeProjection, changeProjection, alertProjection],
    logger,
    now,
  });
  const metrics = new Metrics();
  const events = new DomainEvents((error, event) =>
    logger.error({ err: error, event: event.type }, 'domain event listener failed'),
  );
  const incidents = new IncidentService(repository, directory, events, now);
  const playbookRuns = new PlaybookRunService(repository, directory, playbooks, incidents, events, now);
  const evidenceStore = new EvidenceStore(dataDir);
  const evidence = new EvidenceService(repository, directory, incidents, evidenceStore, playbookRuns);
  // Audit-log alerts: built-in rules, the shipped Sigma rules and tsunagi.yaml `alerts.sigma_dir`;
  // where super admins signed in from is kept across restarts for the "new place" rule.
  const seenPlaces = FileSeenPlaces.load(dataDir, logger.child({ component: 'alerts' }));
  const alerts = new AlertService({
    repository,
    directory,
    events,
    store: evidenceStore,
    rules: loadAlertRules(
      path.join(PACKAGE_ROOT, 'rules', 'sigma'),
      config.source.file,
      config.alerts?.sigmaDir,
      { seenPlaces },
    ),
    logger: logger.child({ component: 'alerts' }),
    now,
  });
  const alertActions = new AlertActions(repository, directory, alerts, incidents, now);
  const noticeService = new NoticeService(repository, directory, events, now, config.organisation.timeZone);
  // The notice sources of tsunagi.yaml `notices.sources`; with none configured nothing is built.
  const noticeFetchers =
    config.notices.sources.length > 0 ? new SourceFetchers(noticeEnvironment) : undefined;
  const noticePoller = noticeFetchers
    ? new NoticePoller({
        sources: config.notices.sources,
        store: await FeedStateStore.open(dataDir, logger),
        fetcherFor: (source) => noticeFetchers.fetcherFor(source),
        normalise: (source, payload) =>
          normalise(source.kind, payload as string, {
            ...(source.provider ? { provider: source.provider } : {}),
            ...(source.product ? { product: source.product } : {}),
          }),
        ingest: (sourceId, found) => noticeService.ingest(sourceId, found),
        logger: logger.child({ component: 'notice-poller' }),
        now,
        timeoutMs: noticeFetchers.timeoutMs,
      })
    : undefined;
  // The audit logs of tsunagi.yaml `alerts.sources`, handed to the alert pipeline; none: nothing built.
  const auditPoller = await buildAuditPoller({
    sources: config.alerts?.sources ?? [],
    env: settings.env,
    notices: noticeEnvironment,
    dataDir,
    sink: alerts,
    logger: logger.child({ component: 'audit-poller' }),
    now,
    locale: settings.locale,
  });
  const core: Core = {
    directory,
    incidents,
    playbookRuns,
    evidence,
    notices: noticeService,
    ...(noticePoller ? { noticeSources: noticePoller } : {}),
    ...(auditPoller ? { auditSources: auditPoller } : {}),
    alerts,
    alertActions,
    events,
    defaultLocale: settings.locale,
    timeZone: config.organisation.timeZone,
    boardLinks,
    playbooks,
    now,
  };
  metrics.observe({
    ledgerEntries: () => repository.ledgerHead.seq,
    openIncidentsBySeverity: () => {
      const counts: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0 };
      for (const incident of Object.values(repository.state(incidentProjection).byId)) {
        if (incident.status !== 'closed')
          counts[String(incident.severity)] = (counts[String(incident.severity)] ?? 0) + 1;
      }
      return counts;
    },
  });
  const router = new Router({ commands, core, logger, metrics });

  let http: HttpServer | undefined;
  let rooms: IncidentRooms | undefined;
  let noticeDelivery: NoticeDelivery | undefined;
  let alertDelivery: AlertDelivery | undefined;
  let noticeDigestJob: NoticeDigestJob | undefined;
  const playbookTimer = new PlaybookTimer(playbookRuns, logger, now);
  const updateReminders = new UpdateReminders(incidents, events, logger, now);
  const adapters: PlatformAdapter[] = [];
  const spaces: ChatSpace[] = [];
  const stopAll = async (): Promise<void> => {
    http?.setReady(false, 'stopping');
    await playbookTimer.stop();
    await updateReminders.stop();
    // Polls in flight are aborted (their validators stay as they were) before storage closes.
    await noticeDigestJob?.stop();
    await noticePoller?.stop();
    await auditPoller?.stop();
    noticeFetchers?.close();
    rooms?.stop();
    // Posts under way finish (and are recorded) before the platforms close.
    await noticeDelivery?.stop();
    await alertDelivery?.stop();
    await seenPlaces.flush();
    for (const adapter of adapters) await adapter.stop();
    await http?.close();
    await repository.close();
    logger.info('stopped');
    logger.flush();
  };
  try {
    let slack: SlackAdapter | undefined;
    if (settings.adapters.includes('slack')) {
      slack = await SlackAdapter.create({ router, core, logger, dataDir, ...slackCredentials(settings.env) });
      adapters.push(slack);
      spaces.push(slack.space);
    }
    let teams: TeamsAdapter | undefined;
    if (teamsSettings) {
      teams = await TeamsAdapter.create({ router, core, logger, dataDir, ...teamsSettings });
      adapters.push(teams);
      spaces.push(teams.space);
    }
    if (settings.port !== undefined) {
      http = await startHttpServer({
        port: settings.port,
        logger,
        metrics,
        mount: (app) => {
          slack?.mount(app);
          teams?.mount(app);
          mountBoard(app, { core, logger, sso });
        },
      });
    }
    if (settings.adapters.includes('console')) {
      const interactive = Boolean(options.input.isTTY);
      adapters.push(
        new ConsoleAdapter({
          router,
          core,
          logger,
          input: options.input,
          output: options.output,
          interactive,
          color: Boolean(options.output.isTTY) && options.env.NO_COLOR === undefined,
          historyFile: path.join(dataDir, 'console-history'),
          notices: interactive ? notices : [],
          ...((options.as ?? settings.env.TSUNAGI_CONSOLE_USER)
            ? { initialUser: options.as ?? settings.env.TSUNAGI_CONSOLE_USER }
            : {}),
        }),
      );
    }
    // The console starts last: its commands may run at once, after the rooms and the timer's
    // catch-up tick (so a timer that fell due while the bot was down fires before anything else).
    for (const adapter of adapters) if (adapter.name !== 'console') await adapter.start();
    if (spaces.length > 0) {
      rooms = new IncidentRooms(core, spaces, logger, new EffectOutbox(repository));
      await rooms.start();
    }
    // Provider notices into the subscribed channels (console ones through its notifier), with the
    // posts a crash or a stop left undelivered made first.
    noticeDelivery = new NoticeDelivery(core, spaces, new NoticeOutbox(repository), logger, {
      console: settings.adapters.includes('console'),
    });
    await noticeDelivery.start();
    // Audit-log alert cards into the channels tsunagi.yaml `alerts` routes them to, outbox first.
    alertDelivery = new AlertDelivery(core, alerts, spaces, repository, logger, {
      console: settings.adapters.includes('console'),
    });
    await alertDelivery.start();
    if (auditPoller?.hasActiveSources) auditPoller.start();
    // Sources are polled once now and then on their schedules; nothing runs without an enabled one.
    if (noticePoller?.hasActiveSources) {
      noticePoller.start();
      const digest = config.notices.digest;
      if (digest) {
        noticeDigestJob = new NoticeDigestJob({
          repository,
          digest: (since, until) => noticeService.digest(since, until),
          render: (found, locale) =>
            noticeDigest(new ViewContext(locale, directory, config.notices.timeZone, now()), found),
          at: digest.at,
          timeZone: config.notices.timeZone,
          channels: digest.channels,
          spaces,
          events,
          locale: settings.locale,
          logger,
          now,
        });
        await noticeDigestJob.start();
      }
    }
    await playbookTimer.start();
    await updateReminders.start();
    for (const adapter of adapters) if (adapter.name === 'console') await adapter.start();
    http?.setReady(true);
  } catch (error) {
    await stopAll();
    throw error;
  }
  logger.info(
    { adapters: settings.adapters, config: location.file, dataDir, ledgerEntries: repository.ledgerHead.seq },
    'tsunagi started',
  );

  // The console alone ends at end of input; with a server adapter the process keeps serving.
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stopAll());
  const onlyConsole = adapters.length === 1 && adapters[0]!.name === 'console';
  const finished = onlyConsole ? adapters[0]!.finished!.then(stop) : new Promise<void>(() => undefined);
  return { finished, logger, ...(http ? { httpPort: http.port } : {}), stop };
}
