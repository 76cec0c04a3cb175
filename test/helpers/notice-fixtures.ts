// The feed and API payload fixtures in test/fixtures/feeds/, written from each source's public
// documentation, and shortcuts to parse them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalise, type NormaliseOptions, type ParseResult } from '../../src/sources/feeds/normalise.js';
import type { Notice, NoticeSourceKind } from '../../src/sources/feeds/notice.js';

export const FEED_FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'feeds',
);

export function feedFixture(name: string): string {
  return readFileSync(path.join(FEED_FIXTURES, name), 'utf8');
}

export function parseFixture(
  kind: NoticeSourceKind,
  name: string,
  options: NormaliseOptions = {},
): ParseResult {
  return normalise(kind, feedFixture(name), options);
}

/** The notice with this id; fails the test with the ids there are when it is missing. */
export function noticeById(notices: readonly Notice[], id: string): Notice {
  const found = notices.find((n) => n.id === id);
  if (!found) throw new Error(`no notice ${id}; ids: ${notices.map((n) => n.id).join(', ')}`);
  return found;
}
