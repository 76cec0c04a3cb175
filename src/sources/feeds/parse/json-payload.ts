// JSON sources (Microsoft Graph list pages, the AWS Health events file): parsed with the payload's
// kind in mind, so XML, HTML or a Graph error response is reported as what it is.
import { UserInputError } from '../../../core/errors.js';
import type { NoticeSourceKind } from '../notice.js';
import { cleanText } from '../plain-text.js';
import { payloadShape, wrongPayload } from './payload-shape.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readJsonObject(payload: string, kind: NoticeSourceKind): JsonObject {
  const shape = payloadShape(payload);
  if (shape !== 'json') throw wrongPayload(kind, shape);
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UserInputError(
      {
        ja: `JSON として読み取れません（${(error as Error).message}）。ファイルが途中で切れていないか確認してください。`,
        en: `Cannot read this as JSON (${(error as Error).message}). Check that the file is complete.`,
      },
      undefined,
      { cause: error },
    );
  }
  if (!isObject(parsed)) {
    throw wrongPayload(kind, 'json', {
      ja: 'JSON の最上位がオブジェクトではありません',
      en: 'the top level of the JSON is not an object',
    });
  }
  return parsed;
}

/** A Graph list page: `{ "value": [...], "@odata.nextLink"?: "..." }`; a Graph error is reported as such. */
export function readGraphPage(
  payload: string,
  kind: NoticeSourceKind,
): { value: readonly unknown[]; nextLink?: string } {
  const page = readJsonObject(payload, kind);
  if (isObject(page.error)) {
    const code = str(page.error, 'code') ?? 'unknown';
    const message = cleanText(str(page.error, 'message') ?? '', { singleLine: true, maxLength: 300 });
    throw wrongPayload(
      kind,
      'json',
      {
        ja: `これは Microsoft Graph のエラー応答です（${code}${message ? `: ${message}` : ''}）`,
        en: `this is a Microsoft Graph error response (${code}${message ? `: ${message}` : ''})`,
      },
      [],
    );
  }
  if (!Array.isArray(page.value)) {
    throw wrongPayload(kind, 'json', {
      ja: 'Microsoft Graph の一覧（"value" の配列）ではありません',
      en: 'it is not a Microsoft Graph list (no "value" array)',
    });
  }
  const nextLink = page['@odata.nextLink'];
  return { value: page.value, ...(typeof nextLink === 'string' ? { nextLink } : {}) };
}

/** A string property, trimmed, or undefined. */
export function str(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A list of strings property (non-strings dropped). */
export function strings(object: JsonObject, key: string): string[] {
  const value = object[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
