// `tsunagi evidence export INC-n [--out DIR] [--party P] [--as PERSON]` and
// `tsunagi evidence verify DIR`: arguments in, one line per result out. Errors are thrown as typed
// errors for the CLI's boundary to print.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Bilingual } from '../core/i18n/locale.js';
import { exportEvidence } from './evidence-export.js';
import { verifyEvidenceExport } from './evidence-verify.js';

export interface EvidenceCliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly t: (text: Bilingual) => string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
}

/** `usage` when the arguments do not fit (the caller prints the usage and exits 2). */
export async function evidenceCommand(argv: string[], io: EvidenceCliIo): Promise<number | 'usage'> {
  const [sub, ...args] = argv;
  if (sub === 'export') return exportCommand(args, io);
  if (sub === 'verify') return verifyCommand(args, io);
  return 'usage';
}

function dataDirOf(value: string | undefined, io: EvidenceCliIo): string {
  return path.resolve(io.cwd, value ?? io.env.TSUNAGI_DATA_DIR ?? './data');
}

async function exportCommand(argv: string[], io: EvidenceCliIo): Promise<number | 'usage'> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      party: { type: 'string' },
      as: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) return 'usage';
  const config = values.config ?? io.env.TSUNAGI_CONFIG;
  const result = await exportEvidence({
    dataDir: dataDirOf(values['data-dir'], io),
    incident: positionals[0]!,
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values.party === undefined ? {} : { party: values.party }),
    ...(values.as === undefined ? {} : { as: values.as }),
    ...(config ? { config } : {}),
    cwd: io.cwd,
    now: io.now(),
  });
  io.stdout(
    io.t({
      ja: `OK ${result.folder}: ${result.id} の証跡 ${result.count} 件（manifest sha256 ${result.manifestSha256}、台帳 #${result.entry.seq} に記録）\n  確認: cd ${result.folder} && sha256sum -c SHA256SUMS、または tsunagi evidence verify ${result.folder}\n`,
      en: `OK ${result.folder}: ${result.count} evidence item(s) of ${result.id} (manifest sha256 ${result.manifestSha256}, recorded as ledger #${result.entry.seq})\n  Check: cd ${result.folder} && sha256sum -c SHA256SUMS, or tsunagi evidence verify ${result.folder}\n`,
    }),
  );
  return 0;
}

async function verifyCommand(argv: string[], io: EvidenceCliIo): Promise<number | 'usage'> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) return 'usage';
  const folder = path.resolve(io.cwd, positionals[0]!);
  const report = await verifyEvidenceExport(folder, dataDirOf(values['data-dir'], io));
  for (const check of report.checks) {
    const where = check.file && check.file !== check.what ? ` ${check.file}` : '';
    const reason = check.reason ? `: ${io.t(check.reason)}` : '';
    io.stdout(`${check.ok ? 'OK' : 'FAIL'} ${check.what}${where}${reason}\n`);
  }
  const failed = report.checks.filter((c) => !c.ok).length;
  if (failed > 0) {
    io.stderr(
      `✗ ${io.t({
        ja: `${folder}: ${failed} 件の確認に失敗しました。書き出し後に変更されたか、台帳と一致しません。`,
        en: `${folder}: ${failed} check(s) failed: the export was changed after it was made, or does not match the ledger.`,
      })}\n`,
    );
    return 1;
  }
  io.stdout(
    io.t({
      ja: `OK ${folder}: ${report.incident} の証跡はすべて書き出し時のままで、台帳の記録と一致します\n`,
      en: `OK ${folder}: every item of ${report.incident} is as exported and matches the ledger\n`,
    }),
  );
  return 0;
}
