// normalise() on anything at all: it returns notices or throws a UserInputError that says what the
// payload is, never anything else; and a payload of the wrong kind names the kind to use.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { normalise } from '../../src/sources/feeds/normalise.js';
import { NOTICE_SOURCE_KINDS, NOTICE_TAGS, type NoticeSourceKind } from '../../src/sources/feeds/notice.js';
import { feedFixture } from '../helpers/notice-fixtures.js';

function outcome(kind: NoticeSourceKind, payload: string): 'notices' | 'user-error' {
  try {
    const result = normalise(kind, payload);
    for (const notice of result.notices) {
      expect(notice.id).not.toBe('');
      expect(Number.isNaN(Date.parse(notice.published))).toBe(false);
      expect(notice.tags.every((t) => (NOTICE_TAGS as readonly string[]).includes(t))).toBe(true);
    }
    return 'notices';
  } catch (error) {
    if (error instanceof UserInputError) return 'user-error';
    throw error;
  }
}

/** Strings shaped like the payloads: fragments of real fixtures, XML and JSON bits, noise. */
const fragments = [
  '<?xml version="1.0"?>',
  '<rss version="2.0"><channel>',
  '</channel></rss>',
  '<item><title>t</title><link>https://e.example/</link><pubDate>Wed, 14 May 2025 17:00:00 +0000</pubDate></item>',
  '<feed xmlns="http://www.w3.org/2005/Atom">',
  '</feed>',
  '<entry><id>x</id><title>t</title><updated>2025-05-14T00:00:00Z</updated><content type="html">&lt;h3&gt;Feature&lt;/h3&gt;x</content></entry>',
  '<h3>',
  '<![CDATA[',
  ']]>',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
  '&a;',
  '{"value":[',
  '{"id":"MC1","title":"t","startDateTime":"2025-05-14T00:00:00Z","classification":"incident"}',
  ']}',
  '{"events":[{"arn":"arn:aws:health:x::event/EC2/C/I","startTime":1747000000}],"details":[',
  '{"event":{"arn":"x"},"eventDescription":{"latestDescription":"\u001b[31m"}}',
  '\u0000',
  'null',
  '[]',
  '"',
];

const payloads = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.array(fc.constantFrom(...fragments), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.json(),
);

describe('normalise never throws anything but a UserInputError', () => {
  it('on arbitrary strings and payload-like fragments, for every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NOTICE_SOURCE_KINDS), payloads, (kind, payload) => {
        outcome(kind, payload);
      }),
      { numRuns: 600 },
    );
  });

  it('on every fixture, read as every kind', () => {
    const fixtures = [
      'aws-whats-new.rss.xml',
      'azure-updates.rss.xml',
      'gcp-compute-release-notes.atom.xml',
      'workspace-updates.atom.xml',
      'generic.rss.xml',
      'generic.atom.xml',
      'aws-health.json',
      'm365-messages.page1.json',
      'm365-messages.page2.json',
      'm365-issues.json',
      'malformed.rss.xml',
      'not-a-feed.html',
    ];
    for (const name of fixtures) {
      for (const kind of NOTICE_SOURCE_KINDS) outcome(kind, feedFixture(name));
    }
  });
});

describe('a payload that is not what the kind reads says what it is and which kind to use', () => {
  const message = (kind: NoticeSourceKind, payload: string): string => {
    try {
      normalise(kind, payload);
    } catch (error) {
      if (error instanceof UserInputError) return error.userMessage.en;
      throw error;
    }
    throw new Error(`normalise(${kind}) accepted the payload`);
  };

  it.each([
    ['rss', 'generic.atom.xml', /this is an Atom feed; use --kind atom/],
    ['atom', 'generic.rss.xml', /this is an RSS feed; use --kind rss/],
    ['rss', 'not-a-feed.html', /HTML web page, not a feed/],
    ['rss', 'malformed.rss.xml', /not well-formed XML/],
    ['m365-messages', 'm365-issues.json', /service health issue .* list; use --kind m365-issues/],
    ['m365-issues', 'm365-messages.page1.json', /Message Center .* list; use --kind m365-messages/],
    [
      'aws-health',
      'm365-issues.json',
      /Microsoft Graph list; use --kind m365-messages or --kind m365-issues/,
    ],
    ['m365-messages', 'generic.rss.xml', /this is an RSS feed/],
    ['gcp-release-notes', 'aws-health.json', /this is JSON/],
  ] as const)('%s given %s', (kind, fixture, expected) => {
    expect(message(kind, feedFixture(fixture))).toMatch(expected);
  });

  it('reports a Graph error response as such, and an empty payload as empty', () => {
    expect(
      message('m365-messages', '{"error":{"code":"InvalidAuthenticationToken","message":"Token expired"}}'),
    ).toMatch(/Microsoft Graph error response \(InvalidAuthenticationToken: Token expired\)/);
    expect(message('rss', '  \n')).toMatch(/it is empty/);
  });

  it('has a Japanese message for every case', () => {
    try {
      normalise('rss', feedFixture('generic.atom.xml'));
    } catch (error) {
      expect((error as UserInputError).userMessage.ja).toContain('これは Atom フィードです');
    }
    expect.assertions(1);
  });
});
