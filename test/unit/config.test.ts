// tsunagi.yaml: problems reported with file, line, column and field, in both languages.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { parseConfig } from '../../src/core/parties/load-config.js';

const location = { file: 'tsunagi.yaml', isExample: false };

function problems(yaml: string) {
  try {
    parseConfig(yaml, location);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the configuration to be rejected');
}

const base = `organisation:
  name: { ja: 市, en: City }
parties:
  - { id: city, role: customer, name: 市 }
  - { id: sier, role: sier, name: SIer }
  - { id: cloud, role: provider, name: Cloud }
`;

describe('configuration problems', () => {
  it('accepts a minimal organisation and fills in defaults', () => {
    const config = parseConfig(
      `${base}services:\n  - { id: web, name: Web, model: IaaS, provider: cloud }\n`,
      location,
    );
    expect(config.organisation.timeZone).toBe('Asia/Tokyo');
    expect(config.services[0]!.responsibility.os).toEqual({
      responsible: 'city',
      accountable: 'city',
      configured: false,
    });
  });

  it('points at a service whose provider is not a provider party', () => {
    const [problem] = problems(
      `${base}services:\n  - id: web\n    name: Web\n    model: IaaS\n    provider: sier\n`,
    );
    expect(problem).toMatchObject({ line: 11, column: 15, field: 'services[0].provider' });
    expect(problem!.message.ja).toContain('ここにはクラウド事業者（provider）の組織を指定してください');
    expect(problem!.message.en).toContain('a provider party is required here');
  });

  it('points at an invalid model and at a missing required field', () => {
    const found = problems(`${base}services:\n  - id: web\n    model: Cloud\n    provider: cloud\n`);
    expect(found.map((p) => p.field)).toEqual(['services[0].name', 'services[0].model']);
    expect(found[1]).toMatchObject({
      line: 9,
      column: 12,
      message: { en: 'must be one of: IaaS, PaaS, SaaS' },
    });
    // A missing field is reported at the mapping that should hold it.
    expect(found[0]).toMatchObject({ line: 8, message: { en: 'this field is required and is missing' } });
  });

  it('rejects ids in the wrong form, duplicate ids and duplicate chat identities', () => {
    const found = problems(
      `${base}people:\n  - { id: Sato San, name: A, party: city }\n  - { id: b, name: B, party: city, chat: { slack: U1 } }\n  - { id: b, name: C, party: city, chat: { slack: U1 } }\n`,
    );
    expect(found.map((p) => p.field)).toEqual(['people[0].id']);
    const refs = problems(
      `${base}people:\n  - { id: b, name: B, party: city, chat: { slack: U1 } }\n  - { id: b, name: C, party: city, chat: { slack: U1 } }\n`,
    );
    expect(refs.map((p) => p.field).sort()).toEqual(['people[1].chat.slack', 'people[1].id']);
  });

  it('requires exactly one customer party', () => {
    const [problem] = problems(`organisation:\n  name: X\nparties:\n  - { id: a, role: sier, name: A }\n`);
    expect(problem).toMatchObject({ field: 'parties', line: 4 });
  });

  it('rejects an unknown time zone and an unknown layer', () => {
    const found = problems(
      `organisation:\n  name: X\n  timezone: Asia/Tokio\nparties:\n  - { id: c, role: customer, name: C }\n  - { id: p, role: provider, name: P }\nservices:\n  - id: s\n    name: S\n    model: SaaS\n    provider: p\n    responsibility:\n      kernel: { responsible: c, accountable: c }\n`,
    );
    expect(found.map((p) => p.field)).toContain('services[0].responsibility.kernel');
    const zone = problems(
      `organisation:\n  name: X\n  timezone: Asia/Tokio\nparties:\n  - { id: c, role: customer, name: C }\n`,
    );
    expect(zone[0]).toMatchObject({ field: 'organisation.timezone', line: 3 });
  });
});
