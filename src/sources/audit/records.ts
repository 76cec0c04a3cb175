// Reads the raw audit records of a file for replay: a JSON array of records, `{"Records": [...]}`
// (CloudTrail files as delivered to S3), Graph `{"value": [...]}` and Reports `{"items": [...]}`
// pages, or one record per line (JSONL); gzipped or not (detected by the gzip magic bytes). Streams:
// JSONL line by line, documents through JsonRecordScanner, so a 1 GB file is never one string.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UserInputError } from '../../core/errors.js';
import type { Bilingual } from '../../core/i18n/locale.js';
import { JsonRecordScanner, RECORD_CONTAINER_KEYS } from './json-record-scanner.js';

/** A record that could not be read; reading goes on with the next one. */
export interface RecordProblem {
  /** `line 12` (JSONL) or `record 3` (documents). */
  readonly where: string;
  readonly message: Bilingual;
}

export interface ReadRecordsOptions {
  readonly onProblem?: (problem: RecordProblem) => void;
}

/** A JSONL line, or a document record, longer than this is refused rather than held in memory. */
const MAX_RECORD_CHARS = 64 * 1024 * 1024;
/** How much of the start is looked at to tell JSONL from a (pretty-printed or single-line) document. */
const HEAD_CHARS = 1024 * 1024;

export async function* readRecords(file: string, options: ReadRecordsOptions = {}): AsyncGenerator<unknown> {
  const onProblem = options.onProblem ?? (() => undefined);
  const chunks = textChunks(await openText(file), file);
  let head = '';
  let done = false;
  while (!looksDecided(head) && head.length < HEAD_CHARS) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    head += next.value;
  }
  const all = async function* (): AsyncGenerator<string> {
    if (head !== '') yield head;
    while (!done) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  };
  if (firstLineIsJson(head)) yield* jsonLines(all(), onProblem);
  else yield* documentRecords(all(), file, onProblem);
}

/** Enough of the start to decide: a complete first non-blank line. */
function looksDecided(head: string): boolean {
  const start = head.search(/\S/);
  return start >= 0 && head.indexOf('\n', start) >= 0;
}

function firstLineIsJson(head: string): boolean {
  const start = head.search(/\S/);
  if (start < 0) return false;
  const end = head.indexOf('\n', start);
  if (end < 0) return false;
  try {
    JSON.parse(head.slice(start, end));
    return true;
  } catch {
    // Not a whole JSON value on the first line: a pretty-printed document, read with the scanner.
    return false;
  }
}

async function* jsonLines(
  chunks: AsyncIterable<string>,
  onProblem: (problem: RecordProblem) => void,
): AsyncGenerator<unknown> {
  let rest = '';
  let line = 0;
  const parseLine = function* (text: string): Generator<unknown> {
    line++;
    const trimmed = text.trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      onProblem({
        where: `line ${line}`,
        message: {
          ja: `JSON として読めません（${(error as Error).message}）`,
          en: `not valid JSON (${(error as Error).message})`,
        },
      });
      return;
    }
    yield* expand(value);
  };
  for await (const chunk of chunks) {
    const text = rest + chunk;
    let from = 0;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', from)) {
      yield* parseLine(text.slice(from, at));
      from = at + 1;
    }
    rest = text.slice(from);
    if (rest.length > MAX_RECORD_CHARS) throw recordTooLong(`line ${line + 1}`);
  }
  if (rest.trim() !== '') yield* parseLine(rest);
}

/** A parsed line is a record, or a page/array of them. */
function* expand(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) {
    for (const item of value) if (isRecord(item)) yield item;
    return;
  }
  if (!isRecord(value)) return;
  for (const key of RECORD_CONTAINER_KEYS) {
    const inner = value[key];
    if (Array.isArray(inner)) {
      for (const item of inner) if (isRecord(item)) yield item;
      return;
    }
  }
  yield value;
}

async function* documentRecords(
  chunks: AsyncIterable<string>,
  file: string,
  onProblem: (problem: RecordProblem) => void,
): AsyncGenerator<unknown> {
  const scanner = new JsonRecordScanner();
  let count = 0;
  for await (const chunk of chunks) {
    for (const text of scanner.push(chunk)) {
      count++;
      try {
        yield JSON.parse(text) as unknown;
      } catch (error) {
        onProblem({
          where: `record ${count}`,
          message: {
            ja: `JSON として読めません（${(error as Error).message}）`,
            en: `not valid JSON (${(error as Error).message})`,
          },
        });
      }
    }
    if (scanner.pendingChars() > MAX_RECORD_CHARS) throw recordTooLong(`record ${count + 1}`);
  }
  const failure = scanner.finish();
  if (failure) {
    throw new UserInputError({
      ja: `${file}: ${failure.offset} 文字目で JSON が${failure.reason === 'truncated' ? '途中で終わっています（ファイルが欠けていませんか）' : '壊れています（括弧が対応していません）'}。`,
      en: `${file}: the JSON ${failure.reason === 'truncated' ? 'ends early (is the file cut short?)' : 'is malformed (unbalanced brackets)'} at character ${failure.offset}.`,
    });
  }
}

function recordTooLong(where: string): UserInputError {
  const mib = MAX_RECORD_CHARS / 1024 / 1024;
  return new UserInputError({
    ja: `${where} が ${mib} MiB を超えています。1 行 1 レコード（JSONL）か JSON 配列にしてください。`,
    en: `${where} is longer than ${mib} MiB; give one record per line (JSONL) or a JSON array.`,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The file as a text stream, gunzipped when it starts with the gzip magic bytes (1f 8b). */
async function openText(file: string): Promise<Readable> {
  let magic: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
      magic = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new UserInputError(
      {
        ja: `ファイル ${file} を開けません（${(error as NodeJS.ErrnoException).code ?? (error as Error).message}）。`,
        en: `Cannot open ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      },
      undefined,
      { cause: error },
    );
  }
  const raw = createReadStream(file, { highWaterMark: 1024 * 1024 });
  const gzipped = magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  const stream: Readable = gzipped ? raw.pipe(createGunzip()) : raw;
  if (gzipped) raw.on('error', (error) => stream.destroy(error));
  stream.setEncoding('utf8');
  return stream;
}

async function* textChunks(stream: Readable, file: string): AsyncGenerator<string> {
  try {
    for await (const chunk of stream) yield chunk as string;
  } catch (error) {
    throw new UserInputError(
      {
        ja: `${file} を読めません（${(error as Error).message}）。gzip ファイルが壊れていませんか。`,
        en: `Cannot read ${file} (${(error as Error).message}); is the gzip file damaged?`,
      },
      undefined,
      { cause: error },
    );
  }
}
