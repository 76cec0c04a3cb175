// Fetching a file a chat platform points at, to keep as evidence. Only from the hosts the caller
// allows, redirects included, so a credential sent with the request never reaches anyone else; and
// never more than the evidence limit, counted as the bytes arrive whatever the server announces.
import { UpstreamError, type TsunagiError } from '../core/errors.js';
import { fileTooLarge } from '../core/evidence/prepare-evidence.js';

export interface DownloadOptions {
  /** The file's name, for messages. */
  readonly name: string;
  /** Who serves it, for messages and errors (`Slack`, `Teams`). */
  readonly upstream: string;
  /** Sent with every request; only ever to allowed hosts. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Whether a URL may be fetched (the first and every redirect target). */
  readonly allowed: (url: URL) => boolean;
  readonly maxBytes: number;
  /** Checks the answer before its body is read; returns the error to throw, if any. */
  readonly check?: (response: Response) => TsunagiError | undefined;
  readonly timeoutMs?: number;
}

const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function downloadFile(address: string, options: DownloadOptions): Promise<Buffer> {
  let url = parse(address, options);
  for (let hop = 0; ; hop += 1) {
    if (!options.allowed(url)) throw refusedHost(url, options);
    const response = await request(url, options);
    if (REDIRECTS.has(response.status)) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location || hop >= MAX_REDIRECTS) throw badAnswer(`${response.status} redirect`, options);
      url = parse(new URL(location, url).href, options);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw failedStatus(response, options);
    }
    const problem = options.check?.(response);
    if (problem) {
      await response.body?.cancel();
      throw problem;
    }
    const announced = Number(response.headers.get('content-length') ?? Number.NaN);
    if (announced > options.maxBytes) {
      await response.body?.cancel();
      throw fileTooLarge(options.name, announced);
    }
    return readLimited(response, options);
  }
}

async function request(url: URL, options: DownloadOptions): Promise<Response> {
  try {
    return await fetch(url, {
      headers: { ...options.headers },
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
  } catch (error) {
    throw new UpstreamError(
      {
        ja: `${options.upstream} からファイル ${options.name} を取得できませんでした（${(error as Error).message}）。しばらくしてからもう一度お試しください。`,
        en: `Could not fetch the file ${options.name} from ${options.upstream} (${(error as Error).message}). Try again in a moment.`,
      },
      options.upstream,
      true,
      undefined,
      { cause: error },
    );
  }
}

async function readLimited(response: Response, options: DownloadOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  // Leaving the loop early cancels the stream, so an oversized body is not read to its end.
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > options.maxBytes) throw fileTooLarge(options.name, size);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, size);
}

function parse(address: string, options: DownloadOptions): URL {
  try {
    return new URL(address);
  } catch (error) {
    // The address itself is left out: a pre-authenticated URL is a credential.
    throw badAnswer('not a URL', options, error);
  }
}

function refusedHost(url: URL, options: DownloadOptions): UpstreamError {
  return new UpstreamError(
    {
      ja: `ファイル ${options.name} の取得先（${url.protocol}//${url.host}）は ${options.upstream} のものではないため、取得しませんでした。ファイルを ${options.upstream} に直接添付し直すか、保管場所のリンクを証跡として記録してください。`,
      en: `The file ${options.name} is served from ${url.protocol}//${url.host}, which is not ${options.upstream}'s, so it was not fetched. Attach the file in ${options.upstream} directly, or record a link to where it is kept.`,
    },
    options.upstream,
    false,
  );
}

function failedStatus(response: Response, options: DownloadOptions): UpstreamError {
  const retryable = response.status === 429 || response.status >= 500;
  const after = Number(response.headers.get('retry-after'));
  return new UpstreamError(
    {
      ja: `${options.upstream} がファイル ${options.name} の取得に HTTP ${response.status} で応答しました。${retryable ? 'しばらくしてからもう一度お試しください。' : 'ファイルが削除されたか、ボットに見る権限がありません。'}`,
      en: `${options.upstream} answered HTTP ${response.status} for the file ${options.name}. ${retryable ? 'Try again in a moment.' : 'The file was deleted, or the bot may not see it.'}`,
    },
    options.upstream,
    retryable,
    Number.isFinite(after) && after > 0 ? after * 1000 : undefined,
  );
}

function badAnswer(detail: string, options: DownloadOptions, cause?: unknown): UpstreamError {
  return new UpstreamError(
    {
      ja: `${options.upstream} からファイル ${options.name} を取得できませんでした（${detail}）。`,
      en: `Could not fetch the file ${options.name} from ${options.upstream} (${detail}).`,
    },
    options.upstream,
    false,
    undefined,
    cause === undefined ? undefined : { cause },
  );
}
