// Turns what a person gave as evidence (text, a link, a file) into the exact bytes to keep and what
// the ledger records about them. Secrets are masked first, so the record describes what was stored:
// typed text and links always; a file when it is UTF-8 text (a binary file is kept as given). For a
// masked file the hash of the original is recorded too, so the person holding the original can
// still show it is the same file.
import path from 'node:path';
import { UserInputError } from '../errors.js';
import { maskSecrets } from '../secrets/mask-secrets.js';
import type { EvidenceOrigin, EvidenceRecord } from './evidence-events.js';
import { sha256Hex } from './evidence-store.js';

/** Typed text (as in notes). */
export const MAX_EVIDENCE_TEXT = 4000;
/** A file: large enough for logs and screenshots, small enough to keep in the data directory. */
export const MAX_EVIDENCE_FILE_BYTES = 25 * 1024 * 1024;

export type EvidenceInput =
  /** Typed in chat: a link when it is one URL, otherwise text. */
  | { readonly text: string }
  /** A file: read at the console, or taken from a chat message (`origin` says which). */
  | {
      readonly file: { readonly name: string; readonly bytes: Buffer; readonly origin?: EvidenceOrigin };
    };

export interface PreparedEvidence {
  /** The bytes to store; `record.sha256` is their hash. */
  readonly bytes: Buffer;
  /** What the ledger entry records (without `by`, which is the person recording it). */
  readonly record: Omit<EvidenceRecord, 'by'>;
}

const URL_ONLY = /^https?:\/\/\S+$/u;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function prepareEvidence(input: EvidenceInput): PreparedEvidence {
  return 'text' in input
    ? prepareText(input.text)
    : prepareFile(input.file.name, input.file.bytes, input.file.origin);
}

function prepareText(given: string): PreparedEvidence {
  const value = given.trim();
  const length = [...value].length;
  if (length === 0 || length > MAX_EVIDENCE_TEXT) {
    throw new UserInputError({
      ja: `証跡のテキストは1〜${MAX_EVIDENCE_TEXT}文字で指定してください（${length}文字）。長い記録はファイルにして --file で渡してください（コンソールのみ）。`,
      en: `Give evidence text of 1 to ${MAX_EVIDENCE_TEXT} characters (got ${length}). Put longer records in a file and pass it with --file (console only).`,
    });
  }
  const masked = maskSecrets(value);
  const bytes = Buffer.from(masked.text, 'utf8');
  const link = URL_ONLY.test(value);
  return {
    bytes,
    record: {
      kind: link ? 'link' : 'text',
      sha256: sha256Hex(bytes),
      size: bytes.length,
      source: link ? masked.text : 'text',
      ...(masked.masked ? { masked: masked.masked } : {}),
    },
  };
}

function prepareFile(name: string, given: Buffer, origin: EvidenceOrigin | undefined): PreparedEvidence {
  const source = safeBaseName(name);
  if (given.length === 0) {
    throw new UserInputError({
      ja: `ファイル ${source} は空です。内容のあるファイルを指定してください。`,
      en: `The file ${source} is empty. Give a file with content.`,
    });
  }
  if (given.length > MAX_EVIDENCE_FILE_BYTES) throw fileTooLarge(source, given.length);
  const text = utf8Text(given);
  const masked = text === undefined ? undefined : maskSecrets(text);
  const bytes = masked?.masked ? Buffer.from(masked.text, 'utf8') : given;
  const sha256 = sha256Hex(bytes);
  return {
    bytes,
    record: {
      kind: 'file',
      sha256,
      size: bytes.length,
      source,
      ...(masked?.masked ? { original_sha256: sha256Hex(given), masked: masked.masked } : {}),
      ...(origin ? { origin } : {}),
    },
  };
}

export function fileTooLarge(name: string, size: number): UserInputError {
  const mb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);
  return new UserInputError({
    ja: `ファイル ${name} は ${mb(size)} MB あり、証跡の上限 ${mb(MAX_EVIDENCE_FILE_BYTES)} MB を超えています。分割するか圧縮して渡すか、保管場所のリンクを証跡として記録してください。`,
    en: `The file ${name} is ${mb(size)} MB, over the ${mb(MAX_EVIDENCE_FILE_BYTES)} MB evidence limit. Split or compress it, or record a link to where it is kept.`,
  });
}

/** The file's own name, never its folder (a local path says nothing the record needs). */
export function safeBaseName(name: string): string {
  const base = path.basename(name.replaceAll('\\', '/'));
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = maskSecrets(base.replace(/[\u0000-\u001f\u007f]/gu, '')).text.trim();
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}

/** The text of a UTF-8 file, or undefined for binary content (invalid UTF-8 or NUL bytes). */
function utf8Text(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}
