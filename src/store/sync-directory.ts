// fsync of a directory, so a file created or renamed in it survives a power cut (the entry in the
// directory is data too). Used by the ledger and the evidence store.
import { open } from 'node:fs/promises';

export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
