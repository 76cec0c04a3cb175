// `tsunagi review export INC-n`: the post-incident review as Markdown, read straight from the
// ledger (read-only, so it works while the bot runs), for the whole organisation or scoped to one
// party (an SIer's or a provider's copy leaves out internal-only entries).
import path from 'node:path';
import { NotFoundError, StorageError } from '../core/errors.js';
import { isEvidenceEntry } from '../core/evidence/evidence-events.js';
import type { Locale } from '../core/i18n/locale.js';
import { incidentProjection } from '../core/incidents/incident-projection.js';
import { incidentReviewMarkdown } from '../core/views/incident-review.js';
import { ViewContext } from '../core/views/view-context.js';
import { LEDGER_DIR } from '../store/file-repository.js';
import { LEDGER_FILE } from '../store/ledger/file-ledger.js';
import { scanLedger } from '../store/ledger/scan-ledger.js';
import type { LedgerEntry } from '../store/repository.js';
import { exportTarget } from './export-target.js';

export interface ReviewExportOptions {
  readonly dataDir: string;
  readonly incident: string;
  readonly party?: string;
  readonly config?: string;
  readonly cwd: string;
  readonly locale: Locale;
  readonly now: Date;
}

export async function exportReview(options: ReviewExportOptions): Promise<{ id: string; markdown: string }> {
  const { id, directory, party } = exportTarget(options);
  const state = incidentProjection.initial();
  const entries: LedgerEntry[] = [];
  const file = path.join(options.dataDir, LEDGER_DIR, LEDGER_FILE);
  const scan = await scanLedger(file, ({ entry }) => {
    incidentProjection.apply(state, entry);
    if (entry.subject === id) entries.push(entry);
  });
  if (scan.bad) {
    throw new StorageError({
      ja: `台帳 ${file} の ${scan.bad.line} 行目が壊れています（${scan.bad.reason.ja}）。tsunagi ledger verify で確認してください。`,
      en: `The ledger ${file} is damaged at line ${scan.bad.line} (${scan.bad.reason.en}). Check it with tsunagi ledger verify.`,
    });
  }
  const incident = state.byId[id];
  if (!incident) {
    throw new NotFoundError({
      ja: `${id} は ${options.dataDir} の台帳にありません。`,
      en: `${id} is not in the ledger in ${options.dataDir}.`,
    });
  }
  // Internal entries are the customer's own; every other party's copy leaves them out, and of the
  // evidence keeps only what that party added (as in chat).
  const shared =
    party && party.role !== 'customer'
      ? entries.filter((e) =>
          isEvidenceEntry(e.type) ? e.actor?.party === party.id : e.visibility !== 'internal',
        )
      : entries;
  const v = new ViewContext(options.locale, directory, directory.config.organisation.timeZone, options.now);
  return { id, markdown: incidentReviewMarkdown(v, incident, shared, party) };
}
