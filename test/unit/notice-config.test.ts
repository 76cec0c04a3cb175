// tsunagi.yaml `notices`: sources an administrator can switch on with one line, and every mistake
// in them reported at its line, in both languages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { parseConfig } from '../../src/core/parties/load-config.js';
import { EXAMPLE_CONFIG } from '../helpers/bot-process.js';

const location = { file: 'tsunagi.yaml', isExample: false };

const base = `organisation:
  name: { ja: 市, en: City }
  timezone: Asia/Tokyo
parties:
  - { id: city, role: customer, name: 市 }
`;

function problems(yaml: string) {
  try {
    parseConfig(yaml, location);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('notice sources in tsunagi.yaml', () => {
  it('reads sources with their intervals, and the digest in the organisation time zone by default', () => {
    const config = parseConfig(
      `${base}notices:
  digest: { at: '08:30', channels: { console: '#notices' } }
  sources:
    - { id: aws-whats-new, kind: aws-whats-new, url: 'https://aws.example/feed', every: PT15M }
    - { id: m365, kind: m365-messages, every: PT30M, enabled: false }
    - { id: health, kind: aws-health, region: us-east-1 }
`,
      location,
    );
    expect(config.notices.timeZone).toBe('Asia/Tokyo');
    expect(config.notices.digest).toEqual({ at: '08:30', channels: { console: '#notices' } });
    expect(config.notices.sources.map((s) => [s.id, s.everyMs, s.enabled])).toEqual([
      ['aws-whats-new', 900_000, true],
      ['m365', 1_800_000, false],
      ['health', 900_000, true],
    ]);
    expect(config.notices.sources[2]).toMatchObject({ region: 'us-east-1', name: { en: 'health' } });
  });

  it('has no sources and no digest when notices is left out', () => {
    const config = parseConfig(base, location);
    expect(config.notices).toEqual({ timeZone: 'Asia/Tokyo', sources: [] });
  });

  it('points at an unknown kind', () => {
    const [problem] = problems(
      `${base}notices:\n  sources:\n    - { id: b, kind: rdf, url: 'https://example.org/b' }\n`,
    );
    expect(problem).toMatchObject({ field: 'notices.sources[0].kind', line: 8 });
    expect(problem!.message.en).toContain('must be one of: rss, atom, aws-whats-new');
    expect(problem!.message.ja).toContain('次のいずれかを指定してください');
  });

  it('points at a feed without its url, a duplicate id and a bad interval', () => {
    const found = problems(
      `${base}notices:
  sources:
    - { id: a, kind: rss, url: 'https://example.org/a.rss' }
    - { id: c, kind: atom }
    - { id: a, kind: rss, url: 'https://example.org/c.rss' }
    - { id: d, kind: rss, url: 'https://example.org/d.rss', every: every hour }
    - { id: e, kind: rss, url: 'https://example.org/e.rss', every: PT30S }
`,
    );
    expect(found.map((p) => [p.field, p.line])).toEqual([
      ['notices.sources[1]', 9],
      ['notices.sources[2].id', 10],
      ['notices.sources[3].every', 11],
      ['notices.sources[4].every', 12],
    ]);
    expect(found[0]!.message).toMatchObject({
      ja: expect.stringContaining('url が必要です'),
      en: expect.stringContaining('kind: atom needs the feed'),
    });
    expect(found[1]!.message.en).toContain('duplicate source id "a"');
    expect(found[2]!.message.en).toContain('"every hour" is not a duration');
    expect(found[3]!.message).toMatchObject({
      ja: expect.stringContaining('1分（PT1M）以上'),
      en: expect.stringContaining('at least one minute'),
    });
  });

  it('rejects a url on an API source, a non-web url, a bad digest time, zone and channels', () => {
    const found = problems(
      `${base}notices:
  timezone: Asia/Osaka
  digest: { at: '25:00' }
  sources:
    - { id: m, kind: m365-issues, url: 'https://graph.example' }
    - { id: f, kind: rss, url: 'ftp://example.org/feed' }
    - { id: r, kind: rss, url: 'https://example.org/feed', region: us-east-1 }
`,
    );
    expect(found.map((p) => p.field)).toEqual([
      'notices.timezone',
      'notices.digest.at',
      'notices.digest.channels',
      'notices.sources[0].url',
      'notices.sources[1].url',
      'notices.sources[2].region',
    ]);
    expect(found[1]!.message.en).toContain('"25:00" is not a time of day');
    expect(found[2]!.message.en).toContain('the digest has nowhere to go');
  });

  it('ships an example whose public feeds are listed but switched off', () => {
    const config = parseConfig(readFileSync(EXAMPLE_CONFIG, 'utf8'), {
      file: EXAMPLE_CONFIG,
      isExample: true,
    });
    expect(config.notices.sources.length).toBeGreaterThan(3);
    expect(config.notices.sources.filter((s) => s.enabled)).toEqual([]);
    expect(config.notices.digest?.channels.console).toBe('#notices');
  });
});
