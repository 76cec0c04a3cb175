// The `tsunagi` command-line tool. Exit codes: 0 success, 1 a user or configuration error (with a
// clear message, never a stack trace), 2 a usage error.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { EXAMPLE_CONFIG, PACKAGE_ROOT } from './app/paths.js';
import { buildTeamsPackage } from './app/teams-package.js';
import { ConfigError, toTsunagiError, TsunagiError } from './core/errors.js';
import { isLocale, type Bilingual, type Locale } from './core/i18n/locale.js';
import { loadConfig, locateConfig } from './core/parties/load-config.js';
import { loadPlaybooks } from './core/playbooks/load-playbooks.js';
import { exportCacaoCommand, importCacaoCommand } from './core/playbooks/cacao-cli.js';
import { verifyLedger } from './store/ledger/verify-ledger.js';
import { exportReview } from './app/review-export.js';
import { evidenceCommand } from './app/evidence-cli.js';
import { auditReplayCommand } from './app/audit-replay.js';
import { feedsCommand } from './app/feeds-parse.js';
import { writeFile } from 'node:fs/promises';

/** Read each time: .env may set TSUNAGI_LOCALE after this module loads. */
const locale = (): Locale => (isLocale(process.env.TSUNAGI_LOCALE) ? process.env.TSUNAGI_LOCALE : 'ja');
const t = (text: Bilingual): string => text[locale()];

const usage = (): string =>
  t({
    ja: `使い方: tsunagi <コマンド>

  start [--adapter console,slack,teams] [--as <人>]   ボットを起動する（npm start と同じ）
  ledger verify [--data-dir <dir>]                   台帳のハッシュチェーンを検証する
  review export <INC-n> [--party <組織>] [--out <file>] 事後レビューを Markdown で出力する
  evidence export <INC-n> [--out <dir>]              証跡をフォルダに書き出す（manifest.json、
                  [--party <組織>] [--as <人>]       SHA256SUMS、custody.json 付き。台帳に記録）
  evidence verify <dir> [--data-dir <dir>]           書き出した証跡をハッシュと台帳で検証する
  audit replay --source <種類> --file <file>         監査ログのファイルをルールで評価し、アラートを
               [--rules builtin|<dir>]               1 行 1 件の JSON で出力する（種類: cloudtrail、
                                                     google-reports、graph-directory-audits、
                                                     graph-signins、graph-alerts。<dir> は Sigma ルール）
  feeds parse --kind <種類> --file <file|->          通知のフィードや API の応答を正規化し、1 行 1 件の
              [--provider <提供元>]                  JSON で出力する（種類: rss、atom、aws-whats-new、
              [--product <製品>]                     gcp-release-notes、workspace-updates、azure-updates、
                                                     aws-health、m365-messages、m365-issues。--file - は標準入力）
  config check [--config <file>]                     tsunagi.yaml を検証する
  playbook validate [<file|dir>...]                  プレイブックを検証する（既定: playbooks/）
  playbook export-cacao <id> [--out <file>]          OASIS CACAO 2.0 の JSON に書き出す
  playbook import-cacao <file> [--out <file.yaml>]   CACAO 2.0 の JSON からプレイブックを作る
  teams package [--out <file>] [--app-id <id>]       Teams アプリパッケージ（zip）を作る
                [--public-url <url>]                 （既定: MICROSOFT_APP_ID, TSUNAGI_PUBLIC_URL）
  help                                               この説明を表示する
  version                                            バージョンを表示する`,
    en: `Usage: tsunagi <command>

  start [--adapter console,slack,teams] [--as <person>]   run the bot (same as npm start)
  ledger verify [--data-dir <dir>]                        check the ledger's hash chain
  review export <INC-n> [--party <party>] [--out <file>]  write the post-incident review (Markdown)
  evidence export <INC-n> [--out <dir>]                   write the evidence to a folder with manifest.json,
                  [--party <party>] [--as <person>]       SHA256SUMS, custody.json (recorded in the ledger)
  evidence verify <dir> [--data-dir <dir>]                check an exported folder against its hashes and the ledger
  audit replay --source <kind> --file <file>              run a file of audit records through the rules and print
               [--rules builtin|<dir>]                    one JSON alert per line (kind: cloudtrail, google-reports,
                                                          graph-directory-audits, graph-signins, graph-alerts;
                                                          <dir>: Sigma rules besides the built-in ones)
  feeds parse --kind <kind> --file <file|->               normalise a notice feed or API response and print one
              [--provider <provider>]                     JSON notice per line (kind: rss, atom, aws-whats-new,
              [--product <name>]                          gcp-release-notes, workspace-updates, azure-updates,
                                                          aws-health, m365-messages, m365-issues; --file - reads stdin)
  config check [--config <file>]                          check tsunagi.yaml
  playbook validate [<file|dir>...]                       check playbooks (default: playbooks/)
  playbook export-cacao <id> [--out <file>]               write a playbook as OASIS CACAO 2.0 JSON
  playbook import-cacao <file> [--out <file.yaml>]        make a playbook from CACAO 2.0 JSON
  teams package [--out <file>] [--app-id <id>]            build the Teams app package (zip)
                [--public-url <url>]                      (defaults: MICROSOFT_APP_ID, TSUNAGI_PUBLIC_URL)
  help                                                    show this help
  version                                                 show the version`,
  });

class UsageError extends Error {}

function printError(error: unknown): void {
  const typed = toTsunagiError(error);
  process.stderr.write(`✗ ${t(typed.userMessage)}\n`);
  if (typed instanceof ConfigError) {
    for (const p of typed.problems) {
      const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
      process.stderr.write(`  ${where}${p.field ? ` ${p.field}` : ''}: ${t(p.message)}\n`);
    }
  }
  if (!(error instanceof TsunagiError)) {
    process.stderr.write(`  (${(error as Error)?.message ?? String(error)})\n`);
  }
}

async function start(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { adapter: { type: 'string' }, as: { type: 'string' } },
    strict: true,
  });
  // Loaded here, not at the top: the other commands (ledger, config, teams) need none of the bot's
  // platform SDKs, and keep working even while one of them fails to load.
  const { startBot } = await import('./main.js');
  const bot = await startBot({
    env: process.env,
    cwd: process.cwd(),
    ...(values.adapter ? { adapters: values.adapter } : {}),
    ...(values.as ? { as: values.as } : {}),
    input: process.stdin,
    output: process.stdout,
    errorOutput: process.stderr,
  });
  const onSignal = (signal: string): void => {
    bot.logger.info({ signal }, 'signal received: stopping');
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        printError(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Every inbound event and job has its own error boundary; reaching here is a bug. Record it and
  // exit so a supervisor restarts a clean process (the ledger makes the restart lossless).
  const onFatal = (error: unknown): void => {
    bot.logger.fatal({ err: error }, 'unexpected error outside any error boundary: exiting');
    bot.logger.flush();
    printError(error);
    process.exit(1);
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  await bot.finished;
  return 0;
}

async function ledger(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'verify' || positionals.length > 1) throw new UsageError();
  const dataDir = path.resolve(values['data-dir'] ?? process.env.TSUNAGI_DATA_DIR ?? './data');
  const report = await verifyLedger(dataDir);
  for (const warning of report.warnings) process.stderr.write(`! ${t(warning)}\n`);
  if (!report.ok) {
    process.stdout.write(`FAIL ${report.file}:${report.failure!.line}: ${t(report.failure!.reason)}\n`);
    return 1;
  }
  process.stdout.write(
    t({
      ja: `OK ${report.file}: ${report.entries} 件、ハッシュチェーンは正常です（末尾 ${report.headHash}）\n`,
      en: `OK ${report.file}: ${report.entries} entries, chain intact, head ${report.headHash}\n`,
    }),
  );
  return 0;
}

async function reviewExport(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      party: { type: 'string' },
      out: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'export' || positionals.length !== 2) throw new UsageError();
  const { id, markdown } = await exportReview({
    dataDir: path.resolve(values['data-dir'] ?? process.env.TSUNAGI_DATA_DIR ?? './data'),
    incident: positionals[1]!,
    ...(values.party ? { party: values.party } : {}),
    ...((values.config ?? process.env.TSUNAGI_CONFIG)
      ? { config: values.config ?? process.env.TSUNAGI_CONFIG }
      : {}),
    cwd: process.cwd(),
    locale: locale(),
    now: new Date(),
  });
  if (!values.out) {
    process.stdout.write(markdown);
    return 0;
  }
  await writeFile(values.out, markdown);
  process.stdout.write(
    t({
      ja: `OK ${values.out}: ${id} の事後レビュー\n`,
      en: `OK ${values.out}: post-incident review of ${id}\n`,
    }),
  );
  return 0;
}

/** `evidence export` / `evidence verify`: the evidence folder with its manifest and chain of custody. */
async function evidence(argv: string[]): Promise<number> {
  const result = await evidenceCommand(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    t,
    cwd: process.cwd(),
    env: process.env,
    now: () => new Date(),
  });
  if (result === 'usage') throw new UsageError();
  return result;
}

/** `feeds parse`: a feed or API response in, one JSON notice per line out. */
async function feeds(argv: string[]): Promise<number> {
  const result = await feedsCommand(argv, {
    stdout: (text) =>
      new Promise<void>((resolve) => {
        if (process.stdout.write(text)) resolve();
        else process.stdout.once('drain', resolve);
      }),
    stderr: (text) => process.stderr.write(text),
    t,
    cwd: process.cwd(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  });
  if (result === 'usage') throw new UsageError();
  return result;
}

/** `audit replay`: raw audit records in, one JSON alert per line out. */
async function audit(argv: string[]): Promise<number> {
  const result = await auditReplayCommand(argv, {
    stdout: (text) =>
      new Promise<void>((resolve) => {
        if (process.stdout.write(text)) resolve();
        else process.stdout.once('drain', resolve);
      }),
    stderr: (text) => process.stderr.write(text),
    t,
    cwd: process.cwd(),
  });
  if (result === 'usage') throw new UsageError();
  return result;
}

function configCheck(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { config: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'check' || positionals.length > 1) throw new UsageError();
  const location = locateConfig(values.config ?? process.env.TSUNAGI_CONFIG, process.cwd(), EXAMPLE_CONFIG);
  const config = loadConfig(location);
  process.stdout.write(
    t({
      ja: `OK ${location.file}: 組織 ${config.parties.length}、人 ${config.people.length}、サービス ${config.services.length}\n`,
      en: `OK ${location.file}: ${config.parties.length} parties, ${config.people.length} people, ${config.services.length} services\n`,
    }),
  );
  return 0;
}

/** `playbook validate`: every problem of every file, as `file:line:column field: message`. */
function playbookValidate(argv: string[]): number {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true, strict: true });
  if (positionals[0] !== 'validate') throw new UsageError();
  const targets = positionals.length > 1 ? positionals.slice(1) : ['playbooks'];
  const result = loadPlaybooks(targets);
  for (const { file, playbook } of result.playbooks) {
    process.stdout.write(
      t({
        ja: `OK ${file}: ${playbook.metadata.id}（${playbook.steps.length} 手順）\n`,
        en: `OK ${file}: ${playbook.metadata.id} (${playbook.steps.length} steps)\n`,
      }),
    );
  }
  for (const p of result.problems) {
    const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
    process.stdout.write(`${where}${p.field ? ` ${p.field}` : ''}: ${t(p.message)}\n`);
  }
  if (result.problems.length > 0) {
    const files = new Set(result.problems.map((p) => p.file)).size;
    process.stderr.write(
      `✗ ${t({
        ja: `プレイブック ${files} ファイルに ${result.problems.length} 件の問題があります。`,
        en: `${result.problems.length} problem(s) in ${files} playbook file(s).`,
      })}\n`,
    );
    return 1;
  }
  if (result.files.length === 0) {
    process.stderr.write(
      `! ${t({
        ja: `${targets.join(' ')} にプレイブック（.yaml）がありません。`,
        en: `No playbooks (.yaml) found in ${targets.join(' ')}.`,
      })}\n`,
    );
  }
  return 0;
}

/** `playbook export-cacao` / `playbook import-cacao`: OASIS CACAO 2.0 JSON out and in. */
function playbookCacao(argv: string[]): number {
  const [sub, ...args] = argv;
  const io = {
    stdout: (text: string) => process.stdout.write(text),
    stderr: (text: string) => process.stderr.write(text),
    t,
    cwd: process.cwd(),
  };
  const result = sub === 'export-cacao' ? exportCacaoCommand(args, io) : importCacaoCommand(args, io);
  if (result === 'usage') throw new UsageError();
  return result;
}

/** `teams package`: the zip a Teams administrator uploads (manifest, icons, translations). */
async function teamsPackage(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, 'app-id': { type: 'string' }, 'public-url': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'package' || positionals.length > 1) throw new UsageError();
  const built = await buildTeamsPackage({
    appId: values['app-id'] ?? process.env.MICROSOFT_APP_ID,
    publicUrl: values['public-url'] ?? process.env.TSUNAGI_PUBLIC_URL,
    outFile: values.out ?? 'tsunagi-teams.zip',
  });
  process.stdout.write(
    t({
      ja: `OK ${built.file}: Teams アプリパッケージ（アプリ ID ${built.appId}、ホスト ${built.host}）\n  Teams 管理センター（Teams アプリ > アプリを管理）、または Teams の「アプリ」からこの zip をアップロードしてください（カスタムアプリのアップロードが許可されている必要があります）。\n`,
      en: `OK ${built.file}: Teams app package (app id ${built.appId}, host ${built.host})\n  Upload this zip in the Teams admin center (Teams apps > Manage apps), or in Teams under Apps > Manage your apps (custom app upload must be allowed).\n`,
    }),
  );
  return 0;
}

/** Reads .env (or TSUNAGI_ENV_FILE; empty to skip) without overriding variables already set. */
function loadEnvFile(): void {
  const file = process.env.TSUNAGI_ENV_FILE ?? '.env';
  if (file && existsSync(file)) process.loadEnvFile(file);
}

async function main(argv: string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  try {
    loadEnvFile();
    switch (command) {
      case 'start':
        return await start(rest);
      case 'review':
        return await reviewExport(rest);
      case 'evidence':
        return await evidence(rest);
      case 'ledger':
        return await ledger(rest);
      case 'audit':
        return await audit(rest);
      case 'feeds':
        return await feeds(rest);
      case 'config':
        return configCheck(rest);
      case 'playbook':
        if (rest[0] === 'export-cacao' || rest[0] === 'import-cacao') return playbookCacao(rest);
        return playbookValidate(rest);
      case 'teams':
        return await teamsPackage(rest);
      case 'version':
      case '--version': {
        const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
          version: string;
        };
        process.stdout.write(`tsunagi ${pkg.version}\n`);
        return 0;
      }
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${usage()}\n`);
        return 0;
      default:
        throw new UsageError();
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      if (!(error instanceof UsageError)) {
        const detail = (error as Error).message;
        process.stderr.write(
          `✗ ${t({ ja: `引数が正しくありません（${detail}）`, en: `Invalid arguments (${detail})` })}\n`,
        );
      }
      process.stderr.write(`${usage()}\n`);
      return 2;
    }
    printError(error);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
