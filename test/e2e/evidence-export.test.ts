// Evidence from first record to hand-over: text, links and files added in a console session (to the
// incident and to a step of a playbook run), listed, then exported with `tsunagi evidence export`
// into a folder that coreutils' `sha256sum -c` and `tsunagi evidence verify` both accept — until
// one item is tampered with. The chain of custody (listing, export) travels with the export.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, script, testEnv } from '../helpers/bot-process.js';
import { repliesByCommand } from '../helpers/console-output.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const PLAYBOOKS = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'runs');
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const run = promisify(execFile);

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const sha = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

interface ManifestJson {
  incident: { id: string; title: string };
  exported_by: string;
  ledger_head: { seq: number; hash: string };
  items: {
    id: string;
    file: string;
    kind: string;
    sha256: string;
    size: number;
    source: string;
    added_by: { person: string; party?: string };
    incident?: string;
    run?: string;
    step?: string;
    field?: string;
    ledger: { seq: number; hash: string };
    original_sha256?: string;
    masked?: number;
  }[];
}

interface CustodyJson {
  entries: { seq: number; type: string; actor?: { person: string }; data: Record<string, unknown> }[];
}

/** A console session: incident evidence (text, link, a file with a secret), then run evidence (a binary file, a link). */
async function recordEvidence(
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; config: Buffer; image: Buffer }> {
  const files = path.join(temp.path, 'files');
  await mkdir(files);
  const config = Buffer.from(`[incident]\naws_secret_access_key = ${SECRET_KEY}\nregion = ap-northeast-1\n`);
  const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x00, 0x42]);
  await writeFile(path.join(files, 'leaked-config.ini'), config);
  await writeFile(path.join(files, 'console screenshot.png'), image);
  const session = await runCli(['start'], {
    env,
    input: script(
      '/incident declare "Key leak" --sev 2 --service portal',
      '/incident role INC-1 commander me',
      '/incident invite INC-1 takahashi',
      '/incident invite INC-1 suzuki',
      '/incident evidence INC-1 Access key used from 203.0.113.5',
      '/incident evidence INC-1 https://tickets.example.jp/SEC-1042',
      `/incident evidence INC-1 --file ${path.join(files, 'leaked-config.ini')}`,
      '/playbook run guided-run --incident INC-1 --input principal=admin --input credential_type=access_key',
      '/playbook check RUN-1 triage 1',
      '/playbook check RUN-1 triage 2',
      '/playbook done RUN-1 triage',
      '/as takahashi',
      '/playbook verify RUN-1 triage',
      '/as suzuki',
      `/playbook evidence RUN-1 preserve findings --file "${path.join(files, 'console screenshot.png')}"`,
      '/playbook evidence RUN-1 preserve ticket https://tickets.example.jp/SEC-1043',
      '/as sato',
      '/incident evidence INC-1',
    ),
  });
  expect(session.code, session.stderr).toBe(0);
  return { stdout: session.stdout, config, image };
}

describe('evidence export', () => {
  it('exports every item with a manifest, SHA256SUMS and custody log that verify, and names a tampered item', async () => {
    const env = testEnv(path.join(temp.path, 'data'), {
      TSUNAGI_LOCALE: 'en',
      TSUNAGI_PLAYBOOKS_DIR: PLAYBOOKS,
    });
    const { stdout, config, image } = await recordEvidence(env);
    const r = repliesByCommand(stdout);
    expect(r.get('/incident evidence INC-1 Access key used from 203.0.113.5')).toContain(
      'E-1 recorded on INC-1',
    );
    const listing = r.get('/incident evidence INC-1')!;
    for (const id of ['E-1', 'E-2', 'E-3', 'E-4', 'E-5']) expect(listing).toContain(id);
    expect(listing).toContain('RUN-1 preserve/findings');
    expect(listing).toContain('recorded in the ledger as an access');

    const out = path.join(temp.path, 'handover');
    const exported = await runCli(['evidence', 'export', 'INC-1', '--out', out, '--as', 'sato'], { env });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(out);
    expect(exported.stdout).toContain('5 evidence item(s) of INC-1');

    const manifestText = await readFile(path.join(out, 'manifest.json'));
    const manifest = JSON.parse(manifestText.toString('utf8')) as ManifestJson;
    expect(manifest.incident).toEqual({ id: 'INC-1', title: 'Key leak' });
    expect(manifest.exported_by).toBe('sato');
    expect(manifest.items.map((i) => [i.id, i.kind])).toEqual([
      ['E-1', 'text'],
      ['E-2', 'link'],
      ['E-3', 'file'],
      ['E-4', 'file'],
      ['E-5', 'link'],
    ]);
    expect((await readdir(path.join(out, 'items'))).sort()).toEqual(
      manifest.items.map((i) => i.file.slice(6)).sort(),
    );
    for (const item of manifest.items) {
      const bytes = await readFile(path.join(out, item.file));
      expect(sha(bytes), item.id).toBe(item.sha256);
      expect(bytes.length, item.id).toBe(item.size);
    }
    const [text, link, masked, binary, runLink] = manifest.items;
    expect(await readFile(path.join(out, text!.file), 'utf8')).toBe('Access key used from 203.0.113.5');
    expect(await readFile(path.join(out, link!.file), 'utf8')).toBe('https://tickets.example.jp/SEC-1042');
    expect(text).toMatchObject({
      incident: 'INC-1',
      added_by: { person: 'sato', party: 'city' },
      source: 'text',
    });
    // The secret in the file was masked before it was kept; the original's hash is on record.
    const maskedText = await readFile(path.join(out, masked!.file), 'utf8');
    expect(maskedText).not.toContain(SECRET_KEY);
    expect(maskedText).toContain('aws_secret_access_key = [REDACTED]');
    expect(masked).toMatchObject({ source: 'leaked-config.ini', original_sha256: sha(config), masked: 1 });
    // A binary file is kept byte for byte, under its base name only.
    expect(await readFile(path.join(out, binary!.file))).toEqual(image);
    expect(binary).toMatchObject({
      source: 'console screenshot.png',
      run: 'RUN-1',
      step: 'preserve',
      field: 'findings',
      added_by: { person: 'suzuki', party: 'hikari' },
    });
    expect(binary!.file).toBe('items/E-4-console_screenshot.png');
    expect(runLink).toMatchObject({ run: 'RUN-1', field: 'ticket' });
    const ledgerText = await readFile(path.join(temp.path, 'data', 'ledger', 'ledger.jsonl'), 'utf8');
    expect(ledgerText).not.toContain(path.join(temp.path, 'files'));
    expect(ledgerText).not.toContain(SECRET_KEY);

    // coreutils accepts the checksums as they are.
    const sums = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
    expect(sums.stdout).toContain('items/E-3-leaked-config.ini: OK');
    expect(sums.stdout).toContain('manifest.json: OK');
    expect(sums.stdout).toContain('custody.json: OK');

    // The chain of custody: the additions, the listing, and this export itself.
    const custody = JSON.parse(await readFile(path.join(out, 'custody.json'), 'utf8')) as CustodyJson;
    const accessed = custody.entries.find((e) => e.type === 'evidence.accessed');
    expect(accessed?.actor?.person).toBe('sato');
    expect(accessed?.data['items']).toEqual(['E-1', 'E-2', 'E-3', 'E-4', 'E-5']);
    const export_ = custody.entries.find((e) => e.type === 'evidence.exported');
    expect(export_?.data).toMatchObject({
      by: 'sato',
      destination: 'handover',
      count: 5,
      manifest_sha256: sha(manifestText),
      ledger_head: manifest.ledger_head,
    });
    expect(export_?.seq).toBe(manifest.ledger_head.seq + 1);
    expect(custody.entries.filter((e) => e.type.endsWith('evidence_added'))).toHaveLength(5);

    const verified = await runCli(['evidence', 'verify', out], { env });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('OK E-4 items/E-4-console_screenshot.png');
    expect(verified.stdout).toContain('OK manifest.json');
    const ledger = await runCli(['ledger', 'verify'], { env });
    expect(ledger.code, ledger.stdout + ledger.stderr).toBe(0);

    // Change one byte of one item: verify fails and names it; the others still hold.
    await appendFile(path.join(out, link!.file), '?');
    const tampered = await runCli(['evidence', 'verify', out], { env });
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('FAIL E-2 items/E-2-link.txt');
    expect(tampered.stdout).toContain('OK E-1');
    await expect(run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out })).rejects.toThrow();

    // An export never writes into a folder that already holds files.
    const again = await runCli(['evidence', 'export', 'INC-1', '--out', out], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not empty');
  });

  it("limits a party's export to its own items, records the OS user, and refuses unknown incidents and parties", async () => {
    const env = testEnv(path.join(temp.path, 'data'), {
      TSUNAGI_LOCALE: 'en',
      TSUNAGI_PLAYBOOKS_DIR: PLAYBOOKS,
    });
    await recordEvidence(env);
    const out = path.join(temp.path, 'for-hikari');
    const exported = await runCli(['evidence', 'export', 'INC-1', '--party', 'hikari', '--out', out], {
      env,
    });
    expect(exported.code, exported.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as ManifestJson;
    expect(manifest.items.map((i) => i.id)).toEqual(['E-4', 'E-5']);
    expect(manifest.exported_by).toMatch(/^os:.+/u);
    const verified = await runCli(['evidence', 'verify', out], { env });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);

    const unknown = await runCli(['evidence', 'export', 'INC-9', '--out', path.join(temp.path, 'x')], {
      env,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('INC-9');
    const party = await runCli(['evidence', 'export', 'INC-1', '--party', 'hikary'], { env });
    expect(party.code).toBe(1);
    expect(party.stderr).toContain('hikari');
    expect((await runCli(['evidence', 'export'], { env })).code).toBe(2);
    expect((await runCli(['evidence', 'verify', temp.path], { env })).code).toBe(1);
  });
});
