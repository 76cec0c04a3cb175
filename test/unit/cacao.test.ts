// OASIS CACAO 2.0 export and import: exports validate against the OASIS schemas, our playbooks
// survive the round trip unchanged, and a foreign playbook's commands become text for a person.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { UserInputError } from '../../src/core/errors.js';
import { derivedPlaybookId, isCacaoIdentifier, nameUuid } from '../../src/core/playbooks/cacao-ids.js';
import type { CacaoPlaybook, CacaoStep } from '../../src/core/playbooks/cacao-model.js';
import {
  cacaoIdOf,
  durationToMs,
  fromCacao,
  toCacao,
  TSUNAGI_EXTENSION_ID,
} from '../../src/core/playbooks/cacao.js';
import { loadPlaybooks, parsePlaybook } from '../../src/core/playbooks/load-playbooks.js';
import type { Playbook } from '../../src/core/playbooks/playbook-types.js';
import { REPO_ROOT } from '../helpers/bot-process.js';
import { cacaoSchemaErrors } from '../helpers/cacao-schema.js';

const VALID_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'valid');
const FOREIGN = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'cacao', 'foreign-bash.json');

function loadValid(dir: string): Playbook[] {
  const loaded = loadPlaybooks([dir]);
  expect(loaded.problems).toEqual([]);
  return loaded.playbooks.map((p) => p.playbook);
}

const fixtures = loadValid(VALID_DIR);
const allKinds = fixtures.find((p) => p.metadata.id === 'all-kinds-exercise')!;
const provider = fixtures.find((p) => p.metadata.id === 'all-kinds-exercise-provider')!;

/** Through JSON text, as a file written by `export-cacao` would be read back. */
const viaJson = (cacao: CacaoPlaybook): unknown => JSON.parse(JSON.stringify(cacao));

const stepsOf = (cacao: CacaoPlaybook): [string, CacaoStep][] => Object.entries(cacao.workflow);
const stepFor = (cacao: CacaoPlaybook, ourId: string): [string, CacaoStep] => {
  const found = stepsOf(cacao).find(
    ([, s]) => (s.step_extensions?.[TSUNAGI_EXTENSION_ID] as { step?: { id?: string } })?.step?.id === ourId,
  );
  if (!found) throw new Error(`no CACAO step for ${ourId}`);
  return found;
};

describe('toCacao', () => {
  it('gives a playbook with every step kind that validates against the OASIS CACAO 2.0 schemas', () => {
    expect(new Set(allKinds.steps.map((s) => s.kind)).size).toBe(10);
    const cacao = toCacao(allKinds);
    expect(cacaoSchemaErrors(cacao)).toEqual([]);
    expect(cacaoSchemaErrors(viaJson(cacao))).toEqual([]);
  });

  it('maps the playbook metadata and every step kind to the CACAO vocabulary', () => {
    const cacao = toCacao(allKinds, {
      resolvePlaybookId: (id) => (id === provider.metadata.id ? cacaoIdOf(provider) : undefined),
    });
    expect(cacao).toMatchObject({
      type: 'playbook',
      spec_version: 'cacao-2.0',
      id: 'playbook--0b7e3c2a-4d5f-4a6b-8c9d-0e1f2a3b4c5d',
      name: 'Exercise with every step kind',
      description: 'An exercise scenario for the format tests',
      playbook_types: ['investigation', 'mitigation'],
      external_references: [
        { name: 'https://example.org/tabletop-guide', url: 'https://example.org/tabletop-guide' },
      ],
    });
    expect(Object.values(cacao.data_marking_definitions ?? {})).toMatchObject([{ tlpv2_level: 'TLP:GREEN' }]);
    expect(cacao.extension_definitions?.[TSUNAGI_EXTENSION_ID]).toMatchObject({
      type: 'extension-definition',
      name: 'Tsunagi playbook',
      version: '1.0.0',
    });

    // One workflow step per step of ours, plus start and end.
    const types = stepsOf(cacao).map(([, s]) => s.type);
    expect(types).toHaveLength(allKinds.steps.length + 2);
    expect(types.filter((t) => t === 'start')).toHaveLength(1);
    expect(types.filter((t) => t === 'end')).toHaveLength(1);
    const [startKey, start] = stepsOf(cacao).find(([, s]) => s.type === 'start')!;
    expect(cacao.workflow_start).toBe(startKey);
    expect(start.on_completion).toBe(stepFor(cacao, 'kickoff')[0]);
    const [endKey] = stepsOf(cacao).find(([, s]) => s.type === 'end')!;

    // Every command is manual: Tsunagi never executes anything.
    const commands = stepsOf(cacao).flatMap(([, s]) => s.commands ?? []);
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.every((c) => c.type === 'manual' && typeof c.command === 'string')).toBe(true);

    const [, triage] = stepFor(cacao, 'triage');
    expect(triage.type).toBe('action');
    expect(triage.commands?.map((c) => c.command)).toEqual([
      'Confirm the credential type',
      "Check when the access key was last used (only when credential_type == 'access_key')",
    ]);
    expect(cacao.agent_definitions?.[triage.agent!]).toMatchObject({
      type: 'individual',
      name: 'Incident commander',
    });

    const [, scope] = stepFor(cacao, 'scope');
    expect(scope.type).toBe('switch-condition');
    expect(scope.cases).toEqual({
      confirmed: stepFor(cacao, 'notify_all')[0],
      not_confirmed: stepFor(cacao, 'wrap_up')[0],
    });

    const [, approval] = stepFor(cacao, 'contain_approval');
    expect(approval).toMatchObject({
      type: 'action',
      timeout: 30 * 60_000,
      on_success: stepFor(cacao, 'contain')[0],
      on_failure: stepFor(cacao, 'wrap_up')[0],
    });
    expect(cacao.agent_definitions?.[approval.agent!]?.name).toBe('Approver');

    const [, contain] = stepFor(cacao, 'contain');
    expect(contain).toMatchObject({
      type: 'parallel',
      next_steps: [stepFor(cacao, 'disable_key')[0], stepFor(cacao, 'provider_case')[0]],
      on_completion: stepFor(cacao, 'cool_down')[0],
    });
    expect(stepFor(cacao, 'disable_key')[1].on_completion).toBe(endKey);

    const [, sub] = stepFor(cacao, 'provider_case');
    expect(sub).toMatchObject({ type: 'playbook-action', playbook_id: cacaoIdOf(provider) });

    const [, notify] = stepFor(cacao, 'notify_all');
    expect(notify.commands?.[0]?.command).toContain('Notify Approver: [{{incident.id}}]');
    expect(notify.commands?.[0]?.playbook_activity).toBe('deliver-content');
    expect(notify.targets?.map((t) => cacao.target_definitions?.[t]?.name)).toEqual([
      'Approver',
      'Cloud provider',
    ]);

    const [, kickoff] = stepFor(cacao, 'kickoff');
    expect(kickoff.commands?.[0]?.command).toBe(
      'Exercise inject at PT0M to Incident commander from Monitoring centre: Suspicious sign-in by {{principal}} (exercise)',
    );

    // Inputs become external playbook variables.
    expect(Object.keys(cacao.playbook_variables ?? {})).toEqual([
      '__principal__',
      '__credential_type__',
      '__affected_users__',
      '__mfa_enabled__',
      '__grace__',
    ]);
  });

  it('is deterministic, with v4-shaped step ids and a derived v5 playbook id when metadata.cacao is absent', () => {
    expect(toCacao(allKinds)).toEqual(toCacao(allKinds));
    for (const key of Object.keys(toCacao(allKinds).workflow)) {
      expect(isCacaoIdentifier(key)).toBe(true);
      expect(key.split('--')[1]![14]).toBe('4');
    }
    expect(provider.metadata.cacao).toBeUndefined();
    const id = toCacao(provider).id;
    expect(id).toBe(derivedPlaybookId('all-kinds-exercise-provider'));
    expect(id).toMatch(/^playbook--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(toCacao(provider, { created: '2025-04-01T00:00:00.000Z' })).toMatchObject({
      created: '2025-04-01T00:00:00.000Z',
      modified: '2025-04-01T00:00:00.000Z',
    });
    // RFC 4122 appendix B-style check of the v5 algorithm: the DNS namespace and "www.example.com".
    expect(nameUuid('www.example.com', 5, '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('converts ISO 8601 durations to milliseconds', () => {
    expect(durationToMs('PT30M')).toBe(1_800_000);
    expect(durationToMs('P1DT2H')).toBe(93_600_000);
    expect(durationToMs('P1W')).toBe(604_800_000);
    expect(durationToMs('PT')).toBeUndefined();
    expect(durationToMs('30 minutes')).toBeUndefined();
  });
});

describe('fromCacao(toCacao(p)) gives p back', () => {
  it.each(fixtures.map((p) => [p.metadata.id, p] as const))('fixture %s', (_id, playbook) => {
    const { playbook: back, notes } = fromCacao(viaJson(toCacao(playbook)));
    expect(back).toStrictEqual(playbook);
    expect(notes).toEqual([]);
  });

  // Every shipped playbook that loads (checking the files themselves is `playbook validate`'s job).
  const shipped = loadPlaybooks([path.join(REPO_ROOT, 'playbooks')]);
  it('finds shipped playbooks to check', () => {
    expect(shipped.playbooks.length).toBeGreaterThan(0);
  });
  it.each(shipped.playbooks.map((p) => [path.basename(p.file), p.playbook] as const))(
    'playbooks/%s: valid CACAO and an exact round trip',
    (_file, playbook) => {
      const cacao = toCacao(playbook);
      expect(cacaoSchemaErrors(cacao)).toEqual([]);
      expect(fromCacao(viaJson(cacao)).playbook).toStrictEqual(playbook);
    },
  );
});

describe('fromCacao of a CACAO playbook written elsewhere', () => {
  const foreign = JSON.parse(readFileSync(FOREIGN, 'utf8')) as CacaoPlaybook;

  it('starts from a valid CACAO 2.0 document', () => {
    expect(cacaoSchemaErrors(foreign)).toEqual([]);
  });

  it('turns a bash command into instruction text for a person, with a note, and never a command to run', () => {
    const { playbook, notes } = fromCacao(foreign);
    const block = playbook.steps.find((s) => s.id === 'block_the_ip');
    expect(block).toMatchObject({ kind: 'instruction', title: { ja: 'Block the IP', en: 'Block the IP' } });
    if (block?.kind !== 'instruction') throw new Error('not an instruction');
    expect(block.body.en).toContain('iptables -A INPUT -s 203.0.113.5 -j DROP');
    expect(block.body.en).toContain('[bash command — not executed by Tsunagi; for a person to carry out]');
    expect(block.body.ja).toContain('iptables -A INPUT -s 203.0.113.5 -j DROP');
    expect(block.body.ja).toContain('Tsunagi は実行しません');
    expect(notes.map((n) => n.en)).toContain(
      'Step "Block the IP": its bash command(s) became instruction text for a person; Tsunagi never executes commands.',
    );
    expect(notes.some((n) => n.en.includes('the Japanese fields hold the same English text'))).toBe(true);
    expect(notes.every((n) => n.ja.length > 0 && n.en.length > 0)).toBe(true);
  });

  it('rebuilds the flow: conditions become decisions, branch ends return to the continuation', () => {
    const { playbook } = fromCacao(foreign);
    expect(playbook.metadata).toMatchObject({
      id: 'block-a-malicious-ip-address',
      lifecycle: 'incident',
      tlp: 'GREEN',
      title: { ja: 'Block a malicious IP address', en: 'Block a malicious IP address' },
      cacao: { id: foreign.id, playbook_types: ['mitigation'] },
    });
    expect(playbook.start).toBe('look_up_the_ip');
    const summary = playbook.steps.map((s) => {
      switch (s.kind) {
        case 'decision':
          return [s.id, s.kind, s.options.map((o) => `${o.value}->${o.next}`).join(' ')];
        case 'instruction':
          return [s.id, s.kind, `${s.assignee}->${s.next}`];
        default:
          return [s.id, s.kind];
      }
    });
    expect(summary).toEqual([
      ['look_up_the_ip', 'instruction', 'security_analyst->is_the_ip_malicious'],
      ['is_the_ip_malicious', 'decision', 'yes->block_the_ip no->report'],
      ['block_the_ip', 'instruction', 'security_analyst->report'],
      ['report', 'instruction', 'soc_team->report_outcome'],
      ['report_outcome', 'decision', 'yes->end no->escalate'],
      ['escalate', 'instruction', 'soc_team->end'],
    ]);
    const report = playbook.steps.find((s) => s.id === 'report');
    if (report?.kind !== 'instruction') throw new Error('not an instruction');
    expect(report.body.en).toContain('POST /api/v1/tickets HTTP/1.1');
    // command_b64 is decoded so a person can read it.
    expect(report.body.en).toContain("Get-NetFirewallRule -DisplayName 'Block 203.0.113.5'");
  });

  it('gives a playbook that passes our own validation', () => {
    const { playbook } = fromCacao(foreign);
    const check = parsePlaybook(stringify(playbook), 'imported.yaml');
    expect(check.problems).toEqual([]);
  });

  it('imports a minimal workflow and fills what CACAO leaves out', () => {
    const minimal = {
      type: 'playbook',
      spec_version: 'cacao-2.0',
      id: 'playbook--5180ac50-2ecc-4b88-95dd-77487788629e',
      name: '!!!',
      created_by: 'identity--0995fa3a-7f6e-4f10-a812-8556df0918b9',
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      workflow_start: 'start--6c870b19-5a72-4779-96a4-61f91f7d6524',
      workflow: {
        'start--6c870b19-5a72-4779-96a4-61f91f7d6524': {
          type: 'start',
          on_completion: 'switch-condition--f033954e-8420-4ba4-92d1-60fc314c8e66',
        },
        'switch-condition--f033954e-8420-4ba4-92d1-60fc314c8e66': {
          type: 'switch-condition',
          switch: '__severity__:value',
          cases: { high: 'parallel--02fc9fba-c828-4d5b-8c80-62745bdb8cfe' },
        },
        'parallel--02fc9fba-c828-4d5b-8c80-62745bdb8cfe': {
          type: 'parallel',
          name: 'Both',
          next_steps: [
            'playbook-action--fb58dc8b-e8a5-4bf6-9993-780765735667',
            'action--77c38c7e-71ae-4455-bb69-e4c3e50eaa1c',
          ],
        },
        'playbook-action--fb58dc8b-e8a5-4bf6-9993-780765735667': {
          type: 'playbook-action',
          name: 'Other playbook',
          playbook_id: 'playbook--f906c1b9-d1da-45c9-968c-5443335fa5e1',
        },
        'action--77c38c7e-71ae-4455-bb69-e4c3e50eaa1c': {
          type: 'action',
          name: 'Query',
          agent: 'individual--53121b44-910b-4342-ab4f-8f9ca40e2480',
          commands: [{ type: 'kestrel', kestrel_command_b64: 'Zm9v' }],
        },
        'action--fb9b793c-b32c-498c-a2e4-0c29154dd777': { type: 'action', name: 'Orphan', commands: [] },
      },
    };
    const { playbook, notes } = fromCacao(minimal);
    expect(playbook.metadata.id).toBe('imported');
    expect(playbook.metadata.tlp).toBe('AMBER');
    expect(playbook.steps.map((s) => [s.id, s.kind])).toEqual([
      ['switch_condition', 'decision'],
      ['both', 'parallel'],
      ['other_playbook', 'instruction'],
      ['query', 'instruction'],
    ]);
    const query = playbook.steps.find((s) => s.id === 'query');
    if (query?.kind !== 'instruction') throw new Error('not an instruction');
    expect(query.body.en).toContain('[kestrel command — not executed by Tsunagi; for a person to carry out]');
    expect(query.body.en).toContain('{"kestrel_command_b64":"Zm9v"}');
    expect(notes.map((n) => n.en)).toEqual(
      expect.arrayContaining([
        'No TLP marking: the playbook is marked AMBER.',
        '1 step(s) not reachable from the start were left out.',
      ]),
    );
    expect(parsePlaybook(stringify(playbook), 'imported.yaml').problems).toEqual([]);
  });

  it('refuses what is not a CACAO 2.0 playbook, with a bilingual message', () => {
    for (const bad of [
      null,
      [],
      { type: 'bundle' },
      { type: 'playbook', spec_version: 'cacao-1.0' },
      { type: 'playbook', spec_version: 'cacao-2.0' },
    ]) {
      let error: unknown;
      try {
        fromCacao(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserInputError);
      expect((error as UserInputError).userMessage.ja).toMatch(/CACAO 2.0 プレイブックとして読めません/);
    }
  });
});
