// Reads a local file given as evidence by the operator at the machine (the console's --file). The
// size is checked before reading, so an oversized file is refused without loading it.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError, UserInputError } from '../errors.js';
import { fileTooLarge, MAX_EVIDENCE_FILE_BYTES } from './prepare-evidence.js';

export async function readEvidenceFile(
  file: string,
  cwd: string,
): Promise<{ readonly name: string; readonly bytes: Buffer }> {
  const full = path.resolve(cwd, file);
  const name = path.basename(full);
  const info = await stat(full).catch((error: unknown) => {
    throw unreadable(file, cwd, error);
  });
  if (!info.isFile()) {
    throw new UserInputError({
      ja: `${file} はファイルではありません。証跡にするファイルを1つ指定してください（フォルダは zip などにまとめてください）。`,
      en: `${file} is not a file. Give one file as evidence (put a folder into a zip or similar first).`,
    });
  }
  if (info.size > MAX_EVIDENCE_FILE_BYTES) throw fileTooLarge(name, info.size);
  const bytes = await readFile(full).catch((error: unknown) => {
    throw unreadable(file, cwd, error);
  });
  return { name, bytes };
}

function unreadable(file: string, cwd: string, error: unknown): NotFoundError | UserInputError {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new NotFoundError(
      {
        ja: `ファイル ${file} が見つかりません（${cwd} から見たパス）。パスを確認してください。`,
        en: `No file ${file} (relative to ${cwd}). Check the path.`,
      },
      { cause: error },
    );
  }
  return new UserInputError(
    {
      ja: `ファイル ${file} を読めません（${(error as Error).message}）。権限を確認してください。`,
      en: `Cannot read ${file} (${(error as Error).message}). Check its permissions.`,
    },
    undefined,
    { cause: error },
  );
}
