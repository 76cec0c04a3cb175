// GET /tab/api/incidents/INC-n/evidence.zip: an incident's evidence export while the bot runs, for
// a person signed in to the board (link or SSO) who may see the incident. The zip holds the same
// folder as `tsunagi evidence export` (items/, manifest.json, custody.json, SHA256SUMS), built by
// the same code; the export is recorded in the ledger under the viewer's name before the first byte
// is sent, and holds only their own party's items when they are not the customer's.
import type { Request, Response } from 'express';
import { Zip, ZipDeflate } from 'fflate';
import type { Core } from '../core/core.js';
import { NotFoundError, toTsunagiError, type ErrorCode } from '../core/errors.js';
import type { EvidenceExport } from '../core/evidence/evidence-service.js';
import { parseIncidentId } from '../core/incidents/incident-id.js';
import type { Logger } from '../observability/logger.js';
import { authenticate } from './board-auth.js';
import type { SsoVerifier } from './sso.js';

export interface EvidenceDownloadDeps {
  readonly core: Core;
  readonly logger: Logger;
  readonly sso?: SsoVerifier;
}

const STATUS: Record<ErrorCode, number> = {
  user_input: 400,
  permission: 403,
  not_found: 404,
  upstream: 502,
  config: 500,
  storage: 500,
  internal: 500,
};

export async function answerEvidenceZip(
  req: Request,
  res: Response,
  deps: EvidenceDownloadDeps,
): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  const auth = await authenticate(req.get('authorization'), deps);
  if ('status' in auth) {
    if (auth.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="tsunagi-board"');
    res.status(auth.status).json({ error: auth.error, code: auth.code });
    return;
  }
  const log = deps.logger.child({ person: auth.person.id });
  let made: EvidenceExport;
  try {
    const id = parseIncidentId(String(req.params.incident ?? ''));
    const evidence = deps.core.evidence;
    if (!id || !evidence) {
      throw new NotFoundError({
        ja: `「${String(req.params.incident ?? '')}」の証跡はありません。`,
        en: `There is no evidence for "${String(req.params.incident ?? '')}".`,
      });
    }
    made = await evidence.export(auth.person, id, deps.core.now());
  } catch (thrown) {
    const error = toTsunagiError(thrown);
    if (error.code === 'internal') throw thrown;
    log.info({ code: error.code, reason: error.message }, 'board: evidence export refused');
    res.status(STATUS[error.code]).json({ error: error.userMessage, code: error.code });
    return;
  }
  log.info(
    { incident: made.entry.subject, seq: made.entry.seq, items: made.entry.data.count },
    'board: evidence exported',
  );
  res.status(200);
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Disposition', `attachment; filename="${made.name}.zip"`);
  // The ledger entry recording this export, and the manifest it names, for whoever checks the zip.
  res.setHeader('X-Tsunagi-Ledger-Seq', String(made.entry.seq));
  res.setHeader('X-Tsunagi-Manifest-Sha256', made.prepared.manifestSha256);
  try {
    await streamZip(res, made, deps.core.now());
  } catch (error) {
    // Recorded already and half sent: cut the connection so the client sees a broken download,
    // never a short zip that looks whole.
    log.error({ err: error, seq: made.entry.seq }, 'board: evidence zip failed while sending');
    res.destroy(error as Error);
  }
}

/** Writes the export's files into the zip under one folder, one file at a time. */
async function streamZip(res: Response, made: EvidenceExport, now: Date): Promise<void> {
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      res.destroy(error);
      return;
    }
    res.write(chunk);
    if (final) res.end();
  });
  for (const file of made.files) {
    const bytes = await file.read();
    const entry = new ZipDeflate(`${made.name}/${file.path}`, { level: 6 });
    entry.mtime = now;
    zip.add(entry);
    entry.push(bytes, true);
    if (res.destroyed) return;
    if (res.writableNeedDrain) await drained(res);
  }
  zip.end();
}

/** Resolves when the client has taken what was written, or has gone away. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
