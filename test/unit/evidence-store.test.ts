// The evidence store keeps each piece of content once, under its SHA-256, written whole or not at
// all; and evidence is masked and described before it is stored.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageError, UserInputError } from '../../src/core/errors.js';
import { EvidenceStore } from '../../src/core/evidence/evidence-store.js';
import { MAX_EVIDENCE_FILE_BYTES, prepareEvidence } from '../../src/core/evidence/prepare-evidence.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const sha = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');
const blobDir = (): string => path.join(temp.path, 'evidence', 'sha256');

describe('evidence store', () => {
  it('keeps content under evidence/sha256/<hex>, and the same content only once', async () => {
    const store = new EvidenceStore(temp.path);
    const bytes = Buffer.from('CloudTrail: ConsoleLogin from 203.0.113.5\n');
    const first = await store.put(bytes);
    const again = await store.put(Buffer.from(bytes));
    const other = await store.put(Buffer.from('something else'));
    expect(first).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect(again).toEqual(first);
    expect(other.sha256).not.toBe(first.sha256);
    expect((await readdir(blobDir())).sort()).toEqual([first.sha256, other.sha256].sort());
    expect(await readFile(path.join(blobDir(), first.sha256))).toEqual(bytes);
    expect(await store.read(first.sha256)).toEqual(bytes);
  });

  it('writes through a temporary file: concurrent writers of the same content leave one whole blob and no temp files', async () => {
    const store = new EvidenceStore(temp.path);
    const bytes = Buffer.alloc(3 * 1024 * 1024, 'evidence ');
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(Buffer.from(bytes))));
    expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([sha(bytes)]));
    expect(await readdir(blobDir())).toEqual([sha(bytes)]);
    expect(sha(await readFile(path.join(blobDir(), sha(bytes))))).toBe(sha(bytes));
  });

  it('replaces a damaged blob (a torn write under the final name) with the whole content', async () => {
    const store = new EvidenceStore(temp.path);
    const bytes = Buffer.from('the whole log file\n'.repeat(100));
    await mkdir(blobDir(), { recursive: true });
    await writeFile(path.join(blobDir(), sha(bytes)), bytes.subarray(0, 10));
    await store.put(bytes);
    expect(await store.read(sha(bytes))).toEqual(bytes);
  });

  it('fails with a storage error and leaves no temp file when the blob cannot be put in place', async () => {
    const store = new EvidenceStore(temp.path);
    const bytes = Buffer.from('blocked');
    // Something that is not a file already holds the blob's name.
    await mkdir(path.join(blobDir(), sha(bytes), 'inside'), { recursive: true });
    await expect(store.put(bytes)).rejects.toBeInstanceOf(StorageError);
    expect(await readdir(blobDir())).toEqual([sha(bytes)]);
  });

  it('says which blob is missing rather than returning nothing', async () => {
    const store = new EvidenceStore(temp.path);
    const missing = sha('never stored');
    await expect(store.read(missing)).rejects.toThrow(missing);
    await expect(store.read(missing)).rejects.toBeInstanceOf(StorageError);
  });
});

describe('preparing evidence', () => {
  const SECRET = 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  it('masks secrets in typed text before hashing, and records what was stored', () => {
    const { bytes, record } = prepareEvidence({ text: `found ${SECRET} in the deploy log` });
    expect(bytes.toString('utf8')).toBe('found aws_secret_access_key = [REDACTED] in the deploy log');
    expect(record).toEqual({
      kind: 'text',
      sha256: sha(bytes),
      size: bytes.length,
      source: 'text',
      masked: 1,
    });
  });

  it('stores a link as its URL text', () => {
    const url = 'https://tickets.example.jp/SEC-1042';
    const { bytes, record } = prepareEvidence({ text: `  ${url} ` });
    expect(bytes.toString('utf8')).toBe(url);
    expect(record).toMatchObject({ kind: 'link', source: url, sha256: sha(url) });
  });

  it("masks a UTF-8 text file and records the original's hash too; a binary file is kept as given", () => {
    const original = Buffer.from(`[default]\n${SECRET}\nregion = ap-northeast-1\n`);
    const text = prepareEvidence({ file: { name: '/home/op/incident/credentials.txt', bytes: original } });
    expect(text.bytes.toString('utf8')).not.toContain('wJalrXUtnFEMI');
    expect(text.record).toEqual({
      kind: 'file',
      sha256: sha(text.bytes),
      size: text.bytes.length,
      source: 'credentials.txt',
      original_sha256: sha(original),
      masked: 1,
    });

    const binary = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]), Buffer.from(SECRET)]);
    const image = prepareEvidence({ file: { name: 'screen.png', bytes: binary } });
    expect(image.bytes).toEqual(binary);
    expect(image.record).toEqual({
      kind: 'file',
      sha256: sha(binary),
      size: binary.length,
      source: 'screen.png',
    });

    const clean = Buffer.from('\ufeffno secrets here\n');
    expect(prepareEvidence({ file: { name: 'a.txt', bytes: clean } }).bytes).toEqual(clean);
  });

  it('refuses empty text, text over 4000 characters, empty files and files over 25 MB', () => {
    expect(() => prepareEvidence({ text: '   ' })).toThrow(UserInputError);
    expect(() => prepareEvidence({ text: 'あ'.repeat(4001) })).toThrow(/4000/u);
    expect(prepareEvidence({ text: 'あ'.repeat(4000) }).record.size).toBe(12000);
    expect(() => prepareEvidence({ file: { name: 'x', bytes: Buffer.alloc(0) } })).toThrow(UserInputError);
    const big = Buffer.alloc(MAX_EVIDENCE_FILE_BYTES + 1);
    expect(() => prepareEvidence({ file: { name: 'dump.bin', bytes: big } })).toThrow(/25\.0 MB/u);
  });
});
