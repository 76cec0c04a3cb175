// The run service's own rules: who holds a playbook role in an incident, and `name=value` inputs
// checked against the playbook's declared inputs.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import type { Incident } from '../../src/core/incidents/model.js';
import { Directory } from '../../src/core/parties/directory.js';
import { loadConfig, locateConfig } from '../../src/core/parties/load-config.js';
import { loadPlaybooks } from '../../src/core/playbooks/load-playbooks.js';
import { parseInputs, roleHolders } from '../../src/core/playbooks/playbook-run-service.js';
import { EXAMPLE_CONFIG, REPO_ROOT } from '../helpers/bot-process.js';

const directory = new Directory(loadConfig(locateConfig(EXAMPLE_CONFIG, REPO_ROOT, EXAMPLE_CONFIG)));
const playbook = loadPlaybooks([path.join(REPO_ROOT, 'playbooks')]).playbooks.find(
  (p) => p.playbook.metadata.id === 'compromised-admin-credential',
)!.playbook;

const incident = {
  id: 'INC-1',
  services: ['portal'],
  roles: { commander: 'sato', liaisons: {} },
  participants: ['sato', 'takahashi', 'suzuki', 'clark', 'nakamura'],
} as unknown as Incident;

describe('roleHolders', () => {
  it('binds incident roles, and other roles to participants of the role party', () => {
    const holders = roleHolders(playbook, incident, directory);
    expect(holders['commander']).toEqual(['sato']);
    expect(holders['communications']).toEqual([]);
    expect(holders['csirt']).toEqual(['sato', 'takahashi']);
    // The SIer and provider of the incident's services only (not Microsoft for the portal).
    expect(holders['sier_ops']).toEqual(['suzuki']);
    expect(holders['provider']).toEqual(['clark']);
  });
});

describe('parseInputs', () => {
  it('accepts declared inputs and enum values', () => {
    expect(parseInputs(playbook, ['principal=admin', 'credential_type=access_key'])).toEqual({
      principal: 'admin',
      credential_type: 'access_key',
    });
  });

  it('refuses missing required inputs, unknown names, bad enum values and malformed pairs', () => {
    expect(() => parseInputs(playbook, ['principal=admin'])).toThrow(UserInputError);
    expect(() => parseInputs(playbook, ['principal=a', 'credential_type=x'])).toThrow(/access_key/);
    expect(() => parseInputs(playbook, ['nope=1'])).toThrow(/no input "nope"/);
    expect(() => parseInputs(playbook, ['principal'])).toThrow(/name=value/);
  });
});
