// `tsunagi playbook validate` and the start-up check, run through the real CLI: OK lines for valid
// playbooks, `file:line:column field: message` for problems, exit codes 0/1/2, and a bad playbook
// in TSUNAGI_PLAYBOOKS_DIR stopping `tsunagi start`.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, testEnv } from '../helpers/bot-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const VALID_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'valid');
const ALL_KINDS = path.join(VALID_DIR, 'all-kinds.yaml');
const PROVIDER = path.join(VALID_DIR, 'all-kinds-provider.yaml');

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const noStackTrace = (text: string): void => expect(text).not.toMatch(/\n\s+at /);

/** A copy of the all-kinds fixture (and its sub-playbook) in a temp folder, with `next: wrapup`. */
async function danglingNext(): Promise<{ dir: string; file: string; line: number; column: number }> {
  const text = (await readFile(ALL_KINDS, 'utf8')).replace(
    '    remind_every: PT15M\n    next: wrap_up\n',
    '    remind_every: PT15M\n    next: wrapup\n',
  );
  const file = path.join(temp.path, 'all-kinds.yaml');
  await writeFile(file, text);
  await copyFile(PROVIDER, path.join(temp.path, 'all-kinds-provider.yaml'));
  const lines = text.split('\n');
  const index = lines.findIndex((l) => l === '    next: wrapup');
  return { dir: temp.path, file, line: index + 1, column: '    next: '.length + 1 };
}

describe('tsunagi playbook validate', () => {
  it('accepts the shipped playbooks/ (the default) and names each with its step count', async () => {
    const result = await runCli(['playbook', 'validate'], {
      env: testEnv(temp.path, { TSUNAGI_LOCALE: 'en' }),
    });
    expect(result.stdout).not.toMatch(/^playbooks\/.*:\d+:\d+/m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^OK playbooks\/[\w-]+\.yaml: [\w-]+ \(\d+ steps\)$/m);
  });

  it('accepts the fixture folder with every step kind, in Japanese by default', async () => {
    const result = await runCli(['playbook', 'validate', 'test/fixtures/playbooks/valid/'], {
      env: testEnv(temp.path),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'OK test/fixtures/playbooks/valid/all-kinds.yaml: all-kinds-exercise（12 手順）',
    );
    expect(result.stdout).toContain('all-kinds-exercise-provider（1 手順）');
  });

  it('points at the line and column of a dangling next, and exits 1', async () => {
    const { dir, file, line, column } = await danglingNext();
    const result = await runCli(['playbook', 'validate', dir], {
      env: testEnv(temp.path, { TSUNAGI_LOCALE: 'en' }),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${file}:${line}:${column} steps[10].next: there is no step "wrapup". Did you mean "wrap_up"?`,
    );
    expect(result.stdout).toContain(`OK ${path.join(dir, 'all-kinds-provider.yaml')}`);
    expect(result.stderr).toContain('1 problem(s) in 1 playbook file(s).');
    noStackTrace(result.stdout + result.stderr);
  });

  it('a missing path is a problem; a wrong subcommand is a usage error', async () => {
    const missing = await runCli(['playbook', 'validate', 'no/such/dir'], {
      env: testEnv(temp.path, { TSUNAGI_LOCALE: 'en' }),
    });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('no/such/dir: no/such/dir does not exist.');

    const usage = await runCli(['playbook', 'check'], { env: testEnv(temp.path) });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('playbook validate');
  });

  it('is listed in help', async () => {
    const result = await runCli(['help'], { env: testEnv(temp.path, { TSUNAGI_LOCALE: 'en' }) });
    expect(result.stdout).toContain('playbook validate [<file|dir>...]');
  });
});

describe('start-up refuses an invalid playbook', () => {
  it('a bad playbook in TSUNAGI_PLAYBOOKS_DIR stops tsunagi start with the problem named', async () => {
    const { dir, file, line, column } = await danglingNext();
    const result = await runCli(['start'], {
      env: testEnv(path.join(temp.path, 'data'), { TSUNAGI_PLAYBOOKS_DIR: dir, TSUNAGI_LOCALE: 'en' }),
      input: '',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/problem\(s\) in \d+ playbook file\(s\)/);
    expect(result.stderr).toContain(`${file}:${line}:${column} steps[10].next: there is no step "wrapup"`);
    noStackTrace(result.stderr);
  });

  it('starts with a valid TSUNAGI_PLAYBOOKS_DIR', async () => {
    const result = await runCli(['start'], {
      env: testEnv(path.join(temp.path, 'data'), { TSUNAGI_PLAYBOOKS_DIR: VALID_DIR, TSUNAGI_LOCALE: 'en' }),
      input: '',
    });
    expect(result.stderr).not.toContain('playbook');
    expect(result.code).toBe(0);
  });
});
