// Where each Workspace super admin has signed in from, kept across restarts in
// <dataDir>/seen-places.json, so "a super admin signs in from a new place" means new since the bot
// first saw them, not new since the last restart. The rule asks synchronously; the file is written
// in the background (at most one write at a time, coalesced) and flushed at stop. A crash between
// a sign-in and its write only makes that place count as new once more.
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../observability/logger.js';
import type { SeenPlaces } from '../../sources/rules/builtin/workspace.js';

const FILE = 'seen-places.json';

export class FileSeenPlaces implements SeenPlaces {
  private readonly places: Map<string, Set<string>>;
  private dirty = false;
  private writing: Promise<void> | undefined;

  private constructor(
    private readonly file: string,
    private readonly logger: Logger,
    places: Record<string, string[]>,
  ) {
    this.places = new Map(Object.entries(places).map(([who, ips]) => [who, new Set(ips)]));
  }

  /** Reads the file; a missing one is an empty start, an unreadable one is logged and set aside. */
  static load(dataDir: string, logger: Logger): FileSeenPlaces {
    const file = path.join(dataDir, FILE);
    let places: Record<string, string[]> = {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (isPlaces(parsed)) places = parsed;
      else logger.warn({ file }, 'seen-places.json is not a map of addresses; starting afresh');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        logger.warn({ err: error, file }, 'seen-places.json could not be read; starting afresh');
      }
    }
    return new FileSeenPlaces(file, logger, places);
  }

  seenBefore(principal: string, ip: string): boolean {
    const known = this.places.get(principal) ?? new Set<string>();
    this.places.set(principal, known);
    if (known.has(ip)) return true;
    known.add(ip);
    this.dirty = true;
    void this.flush().catch((error: unknown) => {
      this.logger.error({ err: error, file: this.file }, 'writing seen-places.json failed');
    });
    return false;
  }

  /** Writes until nothing new was learnt meanwhile; one write at a time. */
  async flush(): Promise<void> {
    if (this.writing) return this.writing;
    this.writing = (async () => {
      try {
        while (this.dirty) {
          this.dirty = false;
          const data = Object.fromEntries([...this.places].map(([who, ips]) => [who, [...ips]]));
          const temp = `${this.file}.tmp`;
          await writeFile(temp, JSON.stringify(data));
          await rename(temp, this.file);
        }
      } finally {
        this.writing = undefined;
      }
    })();
    return this.writing;
  }
}

function isPlaces(value: unknown): value is Record<string, string[]> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((ips) => Array.isArray(ips) && ips.every((ip) => typeof ip === 'string'))
  );
}
