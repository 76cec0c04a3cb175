// The bytes of every piece of evidence, kept by content under <dataDir>/evidence/sha256/<hex>, so
// an export can hand over exactly what was recorded. A blob is written in full and made durable
// (temp file, fsync, rename, fsync of the folder) before its ledger entry is committed: a recorded
// item always has its bytes, and a crash in between leaves at most an unreferenced blob, which is
// harmless. The same content is stored once.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../errors.js';
import { syncDirectory } from '../../store/sync-directory.js';

export const EVIDENCE_DIR = 'evidence';
const HASH_DIR = 'sha256';
const HEX = /^[0-9a-f]{64}$/u;

export interface StoredBlob {
  readonly sha256: string;
  readonly size: number;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class EvidenceStore {
  readonly directory: string;

  constructor(dataDir: string) {
    this.directory = path.join(dataDir, EVIDENCE_DIR, HASH_DIR);
  }

  /** Where the blob with this SHA-256 lives (whether or not it exists). */
  pathOf(sha256: string): string {
    if (!HEX.test(sha256)) {
      throw new StorageError({
        ja: `証跡のハッシュ「${sha256}」は SHA-256（16進64桁）ではありません。`,
        en: `The evidence hash "${sha256}" is not a SHA-256 (64 hex digits).`,
      });
    }
    return path.join(this.directory, sha256);
  }

  /** Stores the bytes (once per content) and resolves when they are durable on disk. */
  async put(bytes: Buffer): Promise<StoredBlob> {
    const sha256 = sha256Hex(bytes);
    const target = this.pathOf(sha256);
    if (await this.holds(target, sha256)) return { sha256, size: bytes.length };
    const created = await mkdir(this.directory, { recursive: true });
    const temp = path.join(this.directory, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch((cleanup: NodeJS.ErrnoException) => {
        // The temp file may never have been created; anything else is reported with the failure.
        if (cleanup.code !== 'ENOENT') process.emitWarning(`evidence temp file left: ${temp}`);
      });
      throw new StorageError(
        {
          ja: `証跡を保存できませんでした（${(error as Error).message}）。記録はされていません。ディスクの空き容量と ${this.directory} の権限を確認してください。`,
          en: `Could not store the evidence (${(error as Error).message}); nothing was recorded. Check disk space and the permissions of ${this.directory}.`,
        },
        { cause: error },
      );
    }
    await syncDirectory(this.directory);
    if (created !== undefined) {
      // Folders made just now must be durable in their parents too, or the blob could vanish with them.
      let dir = this.directory;
      do {
        dir = path.dirname(dir);
        await syncDirectory(dir);
      } while (dir !== path.dirname(created) && dir !== path.dirname(dir));
    }
    return { sha256, size: bytes.length };
  }

  /** The stored bytes; a StorageError when the blob is missing. */
  async read(sha256: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new StorageError(
        {
          ja: `証跡 sha256 ${sha256} の内容が ${this.directory} にありません。データディレクトリをバックアップから復元してください。`,
          en: `The content of evidence sha256 ${sha256} is missing from ${this.directory}. Restore the data directory from a backup.`,
        },
        { cause: error },
      );
    }
  }

  /** Whether the blob is already there, whole and unaltered (a damaged one is written again). */
  private async holds(target: string, sha256: string): Promise<boolean> {
    try {
      return sha256Hex(await readFile(target)) === sha256;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Not there, or something else in its place: write it (the rename then says what is wrong).
      if (code === 'ENOENT' || code === 'EISDIR') return false;
      throw error;
    }
  }
}
