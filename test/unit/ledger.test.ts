// The append-only ledger: durable appends, a hash chain that names the first bad line, and
// recovery from a write cut short by a crash.
import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidentProjection } from '../../src/core/incidents/incident-projection.js';
import { FileLedger } from '../../src/store/ledger/file-ledger.js';
import { verifyLedger } from '../../src/store/ledger/verify-ledger.js';
import { FileRepository } from '../../src/store/file-repository.js';
import type { Projection } from '../../src/store/repository.js';
import { StorageError } from '../../src/core/errors.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { silentLogger } from '../helpers/silent-logger.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const ledgerDir = (): string => path.join(temp.path, 'ledger');
const ledgerFile = (): string => path.join(ledgerDir(), 'ledger.jsonl');

async function writeEntries(count: number): Promise<void> {
  const ledger = await FileLedger.open(ledgerDir());
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      ledger.append({ type: 'test.note', subject: `S-${i % 3}`, data: { i } }),
    ),
  );
  await ledger.close();
}

async function lines(): Promise<string[]> {
  return (await readFile(ledgerFile(), 'utf8')).split('\n').filter(Boolean);
}

describe('ledger appends', () => {
  it('numbers concurrent appends in order, chains them, and indexes them by subject', async () => {
    const ledger = await FileLedger.open(ledgerDir());
    const entries = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ledger.append({ type: 'test.note', subject: `S-${i % 2}`, data: { i } }),
      ),
    );
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (let i = 1; i < entries.length; i += 1) expect(entries[i]!.prev).toBe(entries[i - 1]!.hash);
    const odd = await ledger.entriesFor('S-1');
    expect(odd.map((e) => (e.data as { i: number }).i)).toEqual(
      Array.from({ length: 25 }, (_, i) => i * 2 + 1),
    );
    await ledger.close();

    const reopened = await FileLedger.open(ledgerDir());
    expect(reopened.headSeq).toBe(50);
    expect((await reopened.entriesFor('S-0')).length).toBe(25);
    const next = await reopened.append({ type: 'test.note', subject: 'S-0', data: {} });
    expect(next.seq).toBe(51);
    expect(next.prev).toBe(entries[49]!.hash);
    await reopened.close();
  });

  it('refuses appends after close instead of losing them', async () => {
    const ledger = await FileLedger.open(ledgerDir());
    await ledger.close();
    await expect(ledger.append({ type: 'x', subject: 'y', data: {} })).rejects.toBeInstanceOf(StorageError);
  });
});

describe('ledger verification', () => {
  it('passes an intact ledger', async () => {
    await writeEntries(20);
    const report = await verifyLedger(temp.path);
    expect(report).toMatchObject({ ok: true, entries: 20, warnings: [] });
  });

  it('names the line when one byte of an entry is changed', async () => {
    await writeEntries(10);
    const text = await readFile(ledgerFile(), 'utf8');
    const all = text.split('\n');
    all[6] = all[6]!.replace('"i":', '"j":');
    await writeFile(ledgerFile(), all.join('\n'));
    const report = await verifyLedger(temp.path);
    expect(report.ok).toBe(false);
    expect(report.failure?.line).toBe(7);
    expect(report.failure?.reason.en).toContain('does not match its hash');
  });

  it('names the line after a removed entry', async () => {
    await writeEntries(10);
    const all = await lines();
    all.splice(3, 1);
    await writeFile(ledgerFile(), `${all.join('\n')}\n`);
    const report = await verifyLedger(temp.path);
    expect(report).toMatchObject({ ok: false, failure: { line: 4 } });
  });

  it('names the line where entries were reordered', async () => {
    await writeEntries(10);
    const all = await lines();
    [all[4], all[5]] = [all[5]!, all[4]!];
    await writeFile(ledgerFile(), `${all.join('\n')}\n`);
    expect(await verifyLedger(temp.path)).toMatchObject({ ok: false, failure: { line: 5 } });
  });

  it('detects an edit whose hash was recomputed, at the next line', async () => {
    await writeEntries(5);
    const { createHash } = await import('node:crypto');
    const all = await lines();
    const body = all[1]!.slice(0, all[1]!.lastIndexOf(',"hash":"')).replace('"i":', '"k":') + '}';
    all[1] = `${body.slice(0, -1)},"hash":"${createHash('sha256').update(body).digest('hex')}"}`;
    await writeFile(ledgerFile(), `${all.join('\n')}\n`);
    expect(await verifyLedger(temp.path)).toMatchObject({ ok: false, failure: { line: 3 } });
  });

  it('detects entries removed from the end, using the position state.json recorded', async () => {
    const repository = await FileRepository.open({
      dataDir: temp.path,
      projections: [incidentProjection],
      logger: silentLogger,
    });
    for (let i = 0; i < 5; i += 1) await repository.commit({ type: 'test.note', subject: 'S', data: { i } });
    await repository.close();
    const all = await lines();
    await writeFile(ledgerFile(), `${all.slice(0, 3).join('\n')}\n`);
    const report = await verifyLedger(temp.path);
    expect(report.ok).toBe(false);
    expect(report.failure?.line).toBe(4);
    expect(report.failure?.reason.en).toContain('entries were removed');
    // And the bot refuses to start on it rather than silently continuing.
    await expect(
      FileRepository.open({ dataDir: temp.path, projections: [incidentProjection], logger: silentLogger }),
    ).rejects.toBeInstanceOf(StorageError);
  });
});

describe('recovery after a crash', () => {
  it('sets an unfinished last line aside (never merged or dropped) and carries on', async () => {
    await writeEntries(3);
    await appendFile(ledgerFile(), '{"seq":4,"ts":"2026-11-22T00:00:00.000Z","prev":"abc","type":"test.no');
    const before = await verifyLedger(temp.path);
    expect(before.ok).toBe(true);
    expect(before.warnings[0]?.en).toContain('unfinished write');

    const ledger = await FileLedger.open(ledgerDir());
    expect(ledger.headSeq).toBe(3);
    expect(ledger.recovery.setAside?.bytes).toBeGreaterThan(0);
    const aside = await readFile(ledger.recovery.setAside!.file, 'utf8');
    expect(aside).toContain('"type":"test.no');
    const next = await ledger.append({ type: 'test.note', subject: 'S-0', data: { after: true } });
    expect(next.seq).toBe(4);
    await ledger.close();
    expect(await verifyLedger(temp.path)).toMatchObject({ ok: true, entries: 4, warnings: [] });
    expect((await readdir(ledgerDir())).some((name) => name.startsWith('torn-'))).toBe(true);
  });

  it('keeps a whole entry that only lacks its newline', async () => {
    await writeEntries(3);
    const text = await readFile(ledgerFile(), 'utf8');
    await writeFile(ledgerFile(), text.slice(0, -1));
    const ledger = await FileLedger.open(ledgerDir());
    expect(ledger.headSeq).toBe(3);
    expect(ledger.recovery.completedTail).toBe(true);
    expect((await ledger.append({ type: 'test.note', subject: 'S', data: {} })).seq).toBe(4);
    await ledger.close();
    expect(await verifyLedger(temp.path)).toMatchObject({ ok: true, entries: 4 });
  });

  it('refuses to start on a ledger damaged in the middle, naming the line', async () => {
    await writeEntries(5);
    const all = await lines();
    all[2] = all[2]!.replace('test.note', 'test.nope');
    await writeFile(ledgerFile(), `${all.join('\n')}\n`);
    await expect(FileLedger.open(ledgerDir())).rejects.toThrow(/line 3/);
  });
});

describe('state snapshot and replay', () => {
  const counter: Projection<{ count: number }> = {
    name: 'counter',
    version: 1,
    initial: () => ({ count: 0 }),
    apply: (state, entry) => {
      if (entry.type === 'test.count') state.count += 1;
    },
  };
  const openCounter = () =>
    FileRepository.open({ dataDir: temp.path, projections: [counter], logger: silentLogger });
  const count = async (repository: FileRepository, times: number): Promise<void> => {
    for (let i = 0; i < times; i += 1)
      await repository.commit({ type: 'test.count', subject: 'C', data: {} });
  };

  it('rebuilds state from the ledger when state.json is damaged, keeping the damaged file', async () => {
    let repository = await openCounter();
    await count(repository, 7);
    await repository.close();
    await writeFile(path.join(temp.path, 'state.json'), '{"format":1,"projec');
    repository = await openCounter();
    expect(repository.state(counter).count).toBe(7);
    await repository.close();
    expect((await readdir(temp.path)).some((name) => name.startsWith('state.json.damaged-'))).toBe(true);
  });

  it('replays entries written after the last snapshot (a crash between ledger and state write)', async () => {
    let repository = await openCounter();
    await count(repository, 3);
    await repository.close();
    const snapshot = await readFile(path.join(temp.path, 'state.json'), 'utf8');
    repository = await openCounter();
    await count(repository, 4);
    await repository.close();
    await writeFile(path.join(temp.path, 'state.json'), snapshot); // as if the last snapshot write never happened
    repository = await openCounter();
    expect(repository.state(counter).count).toBe(7);
    await repository.close();
  });

  it('allows one writer per data directory', async () => {
    const repository = await openCounter();
    await expect(
      FileRepository.open({ dataDir: temp.path, projections: [counter], logger: silentLogger }),
    ).rejects.toThrow(/in use by another Tsunagi/);
    await repository.close();
  });
});
