// One writer per data directory: a second bot on the same files would interleave ledger writes
// and overwrite state. The lock file holds the owner's pid; a lock left by a dead process is taken over.
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../core/errors.js';

export interface DataDirLock {
  release(): Promise<void>;
}

/** Directories this process holds, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

export async function lockDataDir(directory: string): Promise<DataDirLock> {
  const file = path.resolve(directory, 'tsunagi.lock');
  if (heldHere.has(file)) throw inUse(directory, process.pid);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      heldHere.add(file);
      return {
        release: async () => {
          heldHere.delete(file);
          await unlink(file).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'ENOENT') throw error;
          });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      // Our own pid in the file means a previous run with the same pid (a restarted container's
      // PID 1, say) died holding it; the in-process check above covers a real double open.
      if (owner && owner !== process.pid && isAlive(owner)) throw inUse(directory, owner);
      // The owner is gone (crash, SIGKILL): take the lock over.
      await unlink(file).catch((unlinkError: NodeJS.ErrnoException) => {
        if (unlinkError.code !== 'ENOENT') throw unlinkError;
      });
    }
  }
  throw new StorageError({
    ja: `データディレクトリ ${directory} のロックを取得できませんでした。`,
    en: `Could not lock the data directory ${directory}.`,
  });
}

function inUse(directory: string, owner: number): StorageError {
  return new StorageError({
    ja: `データディレクトリ ${directory} は別の Tsunagi（pid ${owner}）が使用中です。同じデータを2つのプロセスで扱うことはできません。そちらを停止するか、TSUNAGI_DATA_DIR で別のディレクトリを指定してください。`,
    en: `The data directory ${directory} is in use by another Tsunagi (pid ${owner}). Two processes cannot share it: stop the other one, or set TSUNAGI_DATA_DIR to another directory.`,
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
