// Where super admins signed in from survives a restart, so the Workspace "new place" rule does not
// fire again for every admin after each restart of the bot.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSeenPlaces } from '../../src/core/alerts/seen-places-file.js';
import { createLogger } from '../../src/observability/logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let logged: string[];
const logger = () =>
  createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString('utf8'));
        done();
      },
    }),
  });

beforeEach(() => {
  temp = makeTempDir();
  logged = [];
});
afterEach(() => temp.cleanup());

describe('FileSeenPlaces', () => {
  it('remembers a place across a restart and still tells a new one', async () => {
    const first = FileSeenPlaces.load(temp.path, logger());
    expect(first.seenBefore('admin@city.example.jp', '203.0.113.5')).toBe(false);
    expect(first.seenBefore('admin@city.example.jp', '203.0.113.5')).toBe(true);
    await first.flush();

    const second = FileSeenPlaces.load(temp.path, logger());
    expect(second.seenBefore('admin@city.example.jp', '203.0.113.5')).toBe(true);
    expect(second.seenBefore('admin@city.example.jp', '198.51.100.7')).toBe(false);
    expect(second.seenBefore('other@city.example.jp', '203.0.113.5')).toBe(false);
    await second.flush();
    const saved = JSON.parse(readFileSync(path.join(temp.path, 'seen-places.json'), 'utf8')) as Record<
      string,
      string[]
    >;
    expect(saved['admin@city.example.jp']?.sort()).toEqual(['198.51.100.7', '203.0.113.5']);
  });

  it('starts afresh, with a warning, from a file that is not a map of addresses', () => {
    writeFileSync(path.join(temp.path, 'seen-places.json'), '{"admin": "not a list"}');
    const places = FileSeenPlaces.load(temp.path, logger());
    expect(places.seenBefore('admin', '203.0.113.5')).toBe(false);
    expect(logged.join('')).toContain('starting afresh');
  });
});
