// `tsunagi feeds parse --kind K --file F [--provider P] [--product X]`: the notice parsers without the
// bot, for operators and scripts. One normalised notice per line (JSON) on stdout; items that could
// not be read go to stderr with the reason, and the rest is still printed (exit 0). A payload that is
// not what the kind reads is a user error (exit 1); `--file -` reads stdin.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UserInputError } from '../core/errors.js';
import type { Bilingual } from '../core/i18n/locale.js';
import { decodeFeedText } from '../sources/feeds/fetch/decode-text.js';
import { normalise } from '../sources/feeds/normalise.js';
import {
  NOTICE_PROVIDERS,
  NOTICE_SOURCE_KINDS,
  type NoticeProvider,
  type NoticeSourceKind,
} from '../sources/feeds/notice.js';

export interface FeedsParseIo {
  /** Resolves once the text is accepted (waits for a full pipe to drain). */
  readonly stdout: (text: string) => Promise<void>;
  readonly stderr: (text: string) => void;
  readonly t: (text: Bilingual) => string;
  readonly cwd: string;
  /** The whole of stdin, for `--file -`. */
  readonly readStdin: () => Promise<Uint8Array>;
}

const FLUSH_CHARS = 64 * 1024;

const isKind = (value: string): value is NoticeSourceKind =>
  (NOTICE_SOURCE_KINDS as readonly string[]).includes(value);
const isProvider = (value: string): value is NoticeProvider =>
  (NOTICE_PROVIDERS as readonly string[]).includes(value);

/** `usage` when the arguments do not fit (the caller prints the usage and exits 2). */
export async function feedsCommand(argv: string[], io: FeedsParseIo): Promise<number | 'usage'> {
  const [sub, ...args] = argv;
  if (sub !== 'parse') return 'usage';
  const { values, positionals } = parseArgs({
    args,
    options: {
      kind: { type: 'string' },
      file: { type: 'string' },
      provider: { type: 'string' },
      product: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0 || !values.kind || !values.file) return 'usage';
  if (!isKind(values.kind)) {
    io.stderr(
      `✗ ${io.t({
        ja: `--kind は ${NOTICE_SOURCE_KINDS.join('、')} のいずれかです（${values.kind} は使えません）。`,
        en: `--kind must be one of ${NOTICE_SOURCE_KINDS.join(', ')} (not ${values.kind}).`,
      })}\n`,
    );
    return 'usage';
  }
  if (values.provider !== undefined && !isProvider(values.provider)) {
    io.stderr(
      `✗ ${io.t({
        ja: `--provider は ${NOTICE_PROVIDERS.join('、')} のいずれかです（${values.provider} は使えません）。`,
        en: `--provider must be one of ${NOTICE_PROVIDERS.join(', ')} (not ${values.provider}).`,
      })}\n`,
    );
    return 'usage';
  }
  const file = values.file;
  const bytes = file === '-' ? await io.readStdin() : await readPayload(path.resolve(io.cwd, file), file);
  const result = normalise(values.kind, decodeFeedText(bytes, null), {
    ...(values.provider ? { provider: values.provider } : {}),
    ...(values.product ? { product: values.product } : {}),
  });

  let out = '';
  for (const notice of result.notices) {
    out += `${JSON.stringify(notice)}\n`;
    if (out.length >= FLUSH_CHARS) {
      await io.stdout(out);
      out = '';
    }
  }
  if (out !== '') await io.stdout(out);
  const name = file === '-' ? 'stdin' : file;
  for (const item of result.skipped) {
    const ref = item.ref ? ` (${item.ref})` : '';
    io.stderr(
      `! ${io.t({
        ja: `${name}: ${item.index + 1} 件目${ref} を読み飛ばしました: ${item.reason.ja}`,
        en: `${name}: item ${item.index + 1}${ref} skipped: ${item.reason.en}`,
      })}\n`,
    );
  }
  if (result.notices.length === 0 && result.skipped.length === 0) {
    io.stderr(
      `! ${io.t({
        ja: `${name} に通知はありませんでした（フィードは空です）。`,
        en: `${name} holds no notices (the feed is empty).`,
      })}\n`,
    );
  }
  return 0;
}

async function readPayload(absolute: string, given: string): Promise<Uint8Array> {
  try {
    return await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      const why: Bilingual =
        code === 'ENOENT'
          ? { ja: 'ファイルがありません', en: 'no such file' }
          : code === 'EISDIR'
            ? { ja: 'フォルダです。ファイルを指定してください', en: 'it is a folder; give a file' }
            : { ja: '読み取る権限がありません', en: 'permission denied' };
      throw new UserInputError(
        { ja: `${given} を読めません（${why.ja}）。`, en: `Cannot read ${given} (${why.en}).` },
        undefined,
        { cause: error },
      );
    }
    throw error;
  }
}
