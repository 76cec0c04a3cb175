// The key that signs board links: 32 random bytes in <dataDir>/board-link.key, created (readable by
// the bot's user only) on first start and read afterwards, so links survive a restart. Deleting the
// file revokes every link handed out so far; a new key is made at the next start.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, StorageError } from '../errors.js';

export const BOARD_LINK_KEY_FILE = 'board-link.key';
const KEY_BYTES = 32;

export async function loadBoardLinkKey(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, BOARD_LINK_KEY_FILE);
  let key = await readKey(file);
  if (!key) {
    try {
      // 'wx' fails if the file appeared meanwhile, so two starts never end up with two keys.
      await writeFile(file, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StorageError(
          {
            ja: `ボード用リンクの鍵 ${file} を作成できません: ${(error as Error).message}`,
            en: `Cannot create the board link key ${file}: ${(error as Error).message}`,
          },
          { cause: error },
        );
      }
    }
    key = await readKey(file);
  }
  if (!key || key.length !== KEY_BYTES) {
    throw new ConfigError({
      ja: `ボード用リンクの鍵 ${file} が壊れています（${KEY_BYTES} バイトではありません）。削除して再起動すると新しい鍵が作られます（発行済みのリンクは無効になります）。`,
      en: `The board link key ${file} is damaged (not ${KEY_BYTES} bytes). Delete it and restart to create a new one (links handed out so far stop working).`,
    });
  }
  return key;
}

async function readKey(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StorageError(
      {
        ja: `ボード用リンクの鍵 ${file} を読めません: ${(error as Error).message}`,
        en: `Cannot read the board link key ${file}: ${(error as Error).message}`,
      },
      { cause: error },
    );
  }
}

/**
 * Where links point: TSUNAGI_PUBLIC_URL when set (checked now, at start-up, to be an http(s) URL),
 * else the local port, which only works on the bot's own machine. The port is asked for when a link
 * is made, since with PORT=0 it is known only once the server listens.
 */
export function boardBaseUrl(publicUrl: string | undefined, port: () => number): () => string {
  if (publicUrl === undefined) return () => `http://localhost:${port()}`;
  let url: URL | undefined;
  try {
    url = new URL(publicUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ConfigError({
      ja: `TSUNAGI_PUBLIC_URL「${publicUrl}」は http(s):// で始まる URL にしてください（例: https://tsunagi.example.jp）。`,
      en: `TSUNAGI_PUBLIC_URL "${publicUrl}" must be an http(s):// URL (e.g. https://tsunagi.example.jp).`,
    });
  }
  const base = publicUrl.replace(/\/+$/u, '');
  return () => base;
}
