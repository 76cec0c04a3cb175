// `tsunagi playbook export-cacao` and `import-cacao` as an operator runs them: OASIS-valid JSON out,
// our YAML back in, notes for foreign playbooks, and the usual exit codes and bilingual errors.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPlaybooks } from '../../src/core/playbooks/load-playbooks.js';
import { REPO_ROOT, runCli, testEnv } from '../helpers/bot-process.js';
import { cacaoSchemaErrors } from '../helpers/cacao-schema.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const VALID_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'valid');
const FOREIGN = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'cacao', 'foreign-bash.json');
const ID = 'all-kinds-exercise';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const env = (locale?: 'en' | 'ja'): NodeJS.ProcessEnv =>
  testEnv(path.join(temp.path, 'data'), locale ? { TSUNAGI_LOCALE: locale } : {});
const noStackTrace = (text: string): void => expect(text).not.toMatch(/\n\s+at /);
const original = () =>
  loadPlaybooks([VALID_DIR]).playbooks.find((p) => p.playbook.metadata.id === ID)!.playbook;

describe('playbook export-cacao', () => {
  it('prints CACAO 2.0 JSON that validates against the OASIS schemas', async () => {
    const result = await runCli(['playbook', 'export-cacao', ID, '--dir', VALID_DIR], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      type: string;
      id: string;
      workflow: Record<string, { type: string }>;
    };
    expect(json).toMatchObject({
      type: 'playbook',
      spec_version: 'cacao-2.0',
      id: original().metadata.cacao?.id,
    });
    expect(cacaoSchemaErrors(json)).toEqual([]);
    const sub = Object.values(json.workflow).find((s) => s.type === 'playbook-action');
    // The sub-playbook is named by the CACAO id the other playbook is exported under.
    const other = await runCli(
      ['playbook', 'export-cacao', 'all-kinds-exercise-provider', '--dir', VALID_DIR],
      {
        env: env(),
      },
    );
    expect(sub).toMatchObject({ playbook_id: (JSON.parse(other.stdout) as { id: string }).id });
  });

  it('writes the file given by --out, reads ./playbooks by default, and reads back with import-cacao', async () => {
    mkdirSync(path.join(temp.path, 'playbooks'));
    cpSync(VALID_DIR, path.join(temp.path, 'playbooks'), { recursive: true });
    const out = path.join(temp.path, 'exported.json');
    const exported = await runCli(['playbook', 'export-cacao', ID, '--out', 'exported.json'], {
      env: env('en'),
      cwd: temp.path,
    });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toContain(`OK ${out}: playbook ${ID} exported as CACAO 2.0`);
    expect(cacaoSchemaErrors(JSON.parse(readFileSync(out, 'utf8')))).toEqual([]);

    const imported = await runCli(['playbook', 'import-cacao', out], { env: env('en'), cwd: temp.path });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(parse(imported.stdout)).toStrictEqual(original());
  });

  it('names the playbooks there are when the id is wrong (exit 1, Japanese by default)', async () => {
    const result = await runCli(['playbook', 'export-cacao', 'all-kinds-exercis', '--dir', VALID_DIR], {
      env: env(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('プレイブック「all-kinds-exercis」は');
    expect(result.stderr).toContain('「all-kinds-exercise」ですか？');
    expect(result.stdout).toBe('');
    noStackTrace(result.stderr);
  });

  it('is a usage error (exit 2) without an id or with an unknown option', async () => {
    for (const args of [
      ['playbook', 'export-cacao'],
      ['playbook', 'export-cacao', ID, '--bogus'],
    ]) {
      const result = await runCli(args, { env: env('en') });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('playbook export-cacao <id>');
    }
  });
});

describe('playbook import-cacao', () => {
  it('turns a foreign playbook with a bash command into instruction text, with notes, and writes valid YAML', async () => {
    const out = path.join(temp.path, 'imported.yaml');
    const result = await runCli(['playbook', 'import-cacao', FOREIGN, '--out', out], { env: env('en') });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      '! Step "Block the IP": its bash command(s) became instruction text for a person; Tsunagi never executes commands.',
    );
    expect(result.stderr).toContain('the Japanese fields hold the same English text');
    expect(result.stderr).toContain(`OK ${out}: playbook block-a-malicious-ip-address (6 steps)`);
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toContain('iptables -A INPUT -s 203.0.113.5 -j DROP');
    expect(yaml).toContain('not executed by Tsunagi; for a person to carry out');

    const validate = await runCli(['playbook', 'validate', out], { env: env('en') });
    expect(validate.stdout).toContain(`OK ${out}: block-a-malicious-ip-address`);
    expect(validate.code).toBe(0);
  });

  it('prints notes in Japanese by default and the YAML on stdout', async () => {
    const result = await runCli(['playbook', 'import-cacao', FOREIGN], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      '手順「Block the IP」の bash コマンドは実行されず、担当者向けの指示文になりました',
    );
    expect(parse(result.stdout)).toMatchObject({ apiVersion: 'tsunagi/v1', start: 'look_up_the_ip' });
  });

  it('explains a missing file, bad JSON and a non-CACAO document (exit 1), without a stack trace', async () => {
    const notJson = path.join(temp.path, 'not.json');
    writeFileSync(notJson, '{ nope');
    const notCacao = path.join(temp.path, 'bundle.json');
    writeFileSync(notCacao, JSON.stringify({ type: 'bundle', objects: [] }));
    const cases: [string, string][] = [
      [path.join(temp.path, 'missing.json'), 'as JSON'],
      [notJson, 'as JSON'],
      [notCacao, 'Not a CACAO 2.0 playbook: its type is not "playbook"'],
    ];
    for (const [file, message] of cases) {
      const result = await runCli(['playbook', 'import-cacao', file], { env: env('en') });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(message);
      noStackTrace(result.stderr);
    }
    const ja = await runCli(['playbook', 'import-cacao', notCacao], { env: env() });
    expect(ja.stderr).toContain('CACAO 2.0 プレイブックとして読めません');
  });

  it('is a usage error (exit 2) without a file', async () => {
    const result = await runCli(['playbook', 'import-cacao'], { env: env('en') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('playbook import-cacao <file>');
  });
});
