// The incident board, served by the bot at /tab/: the page (a Teams channel or personal tab, or a
// plain browser page), its configuration page for channel tabs, its static files, TeamsJS, and the
// data API the page reads. The page itself holds no data; GET /tab/api/board answers only an
// authenticated person (see board-auth.ts), with what that person's party may see, and so does the
// evidence download GET /tab/api/incidents/INC-n/evidence.zip (see evidence-download.ts).
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import { WEB_PUBLIC_DIR } from '../app/paths.js';
import { boardData } from '../core/board/board-view.js';
import type { Core } from '../core/core.js';
import { isLocale } from '../core/i18n/locale.js';
import type { Logger } from '../observability/logger.js';
import { authenticate } from './board-auth.js';
import { answerEvidenceZip } from './evidence-download.js';
import { boardSecurityHeaders } from './security-headers.js';
import type { SsoVerifier } from './sso.js';

export interface BoardDeps {
  readonly core: Core;
  readonly logger: Logger;
  readonly sso?: SsoVerifier;
}

/** The files the page is made of, by the name it is served under. */
const STATIC_FILES: Readonly<Record<string, string>> = {
  '/board.js': 'board.js',
  '/board.css': 'board.css',
  '/configure.js': 'configure.js',
};

/** TeamsJS's browser (UMD) build, which defines the global `microsoftTeams`. */
function teamsJsFile(logger: Logger): string | undefined {
  try {
    // The package's `main` is dist/umd/MicrosoftTeams.min.js.
    return createRequire(import.meta.url).resolve('@microsoft/teams-js');
  } catch (error) {
    logger.warn({ err: error }, 'board: @microsoft/teams-js not found; the board works outside Teams only');
    return undefined;
  }
}

export function mountBoard(app: Express, deps: BoardDeps): void {
  const log = deps.logger.child({ component: 'board' });
  const router = express.Router();
  router.use(boardSecurityHeaders);

  const sendFile = (res: Response, file: string): void => {
    res.setHeader('Cache-Control', 'no-cache');
    // Every path is fixed here; nothing from the request names a file.
    res.sendFile(file, (error) => {
      if (error && !res.headersSent) res.status(404).type('text/plain').send('Not found');
    });
  };

  router.get('/', (_req, res) => sendFile(res, path.join(WEB_PUBLIC_DIR, 'board.html')));
  router.get('/configure', (_req, res) => sendFile(res, path.join(WEB_PUBLIC_DIR, 'configure.html')));
  for (const [route, file] of Object.entries(STATIC_FILES)) {
    router.get(route, (_req, res) => sendFile(res, path.join(WEB_PUBLIC_DIR, file)));
  }
  const teamsJs = teamsJsFile(log);
  router.get('/teams-js.js', (_req, res) => {
    if (teamsJs) sendFile(res, teamsJs);
    else res.status(404).type('text/plain').send('TeamsJS is not installed');
  });

  router.get('/api/board', (req, res, next) => {
    answerBoard(req, res, { ...deps, logger: log }).catch(next);
  });
  router.get('/api/incidents/:incident/evidence.zip', (req, res, next) => {
    answerEvidenceZip(req, res, { ...deps, logger: log }).catch(next);
  });

  router.use((_req: Request, res: Response) => {
    res.status(404).type('text/plain').send('Not found');
  });
  router.use((error: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    log.error({ err: error }, 'board request failed');
    if (res.headersSent) return;
    res.status(500).setHeader('Cache-Control', 'no-store');
    res.json({
      error: {
        ja: 'ボードの表示中にエラーが起きました。しばらくして再読み込みしてください。',
        en: 'Something went wrong while showing the board. Please reload in a moment.',
      },
    });
  });

  app.use('/tab', router);
}

async function answerBoard(req: Request, res: Response, deps: BoardDeps): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  const auth = await authenticate(req.get('authorization'), deps);
  if ('status' in auth) {
    if (auth.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="tsunagi-board"');
    res.status(auth.status).json({ error: auth.error, code: auth.code });
    return;
  }
  const hint = typeof req.query.locale === 'string' ? req.query.locale.slice(0, 2).toLowerCase() : undefined;
  res.json(await boardData(deps.core, auth.person, isLocale(hint) ? hint : undefined));
}
