import { describe, expect, it } from 'vitest';
import { MASK, maskSecrets, registerSecretValues } from '../../src/core/secrets/mask-secrets.js';
import { formatDuration, parseDuration } from '../../src/core/text/duration.js';
import { reply } from '../../src/core/reply.js';
import { renderText } from '../../src/render/text.js';
import { createLogger } from '../../src/observability/logger.js';
import { Writable } from 'node:stream';
import stringWidth from 'string-width';

describe('durations', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['1h30m', 90 * 60_000],
    ['2h 15m', 135 * 60_000],
    ['PT30M', 30 * 60_000],
    ['P1DT2H', 26 * 3_600_000],
    ['90分', 90 * 60_000],
    ['2時間', 2 * 3_600_000],
    ['３０ｍ', 30 * 60_000],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'soon', '0m', '30', 'm30', 'PT', '1x'])('rejects %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  it('formats in both languages', () => {
    expect(formatDuration(65 * 60_000)).toEqual({ ja: '1時間5分', en: '1 h 5 min' });
    expect(formatDuration(26 * 3_600_000)).toEqual({ ja: '1日2時間', en: '1 d 2 h' });
    expect(formatDuration(42_000)).toEqual({ ja: '42秒', en: '42 s' });
  });
});

describe('secret masking', () => {
  it('masks chat tokens, bearer tokens, private keys and password assignments', () => {
    const input = [
      'token xoxb-123456789012-abcdefABCDEF here',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
      'password: hunter2222 パスワード＝ひみつひみつ',
    ].join('\n');
    const { text, masked } = maskSecrets(input);
    expect(masked).toBe(5);
    for (const secret of ['xoxb-1234', 'eyJhbGci', 'MIIEow', 'hunter2222', 'ひみつひみつ'])
      expect(text).not.toContain(secret);
    expect(text).toContain('password: [REDACTED]');
  });

  it('leaves ordinary incident text and access key ids alone', () => {
    const text = 'AKIAIOSFODNN7EXAMPLE was used from 203.0.113.5; password policy review pending';
    expect(maskSecrets(text)).toEqual({ text, masked: 0 });
  });

  it("keeps this process's own credentials out of log lines, whatever field they are in", () => {
    registerSecretValues(['s3cr3t-signing-value-123']);
    let written = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        written += chunk.toString();
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination: sink });
    logger.info(
      {
        headers: { authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' },
        note: 'value s3cr3t-signing-value-123',
      },
      'got s3cr3t-signing-value-123',
    );
    logger.error({ err: new Error('failed with xoxb-999999999999-zzzzzzzzzz') }, 'boom');
    expect(written).not.toContain('s3cr3t-signing-value-123');
    expect(written).not.toContain('abcdefghijklmnop');
    expect(written).not.toContain('xoxb-9999');
    expect(written).toContain('[REDACTED]');
  });
});

describe('terminal rendering', () => {
  it('aligns fields and tables by display width, so Japanese columns line up', () => {
    const out = renderText(
      reply('t', [
        {
          type: 'fields',
          fields: [
            { label: '状態', value: 'a' },
            { label: 'Severity', value: 'b' },
          ],
        },
        {
          type: 'table',
          columns: ['ID', 'タイトル', 'X'],
          rows: [
            ['INC-1', '職員メール', 'y'],
            ['INC-10', 'Portal', 'z'],
          ],
        },
      ]),
      { color: false },
    ).split('\n');
    expect(out[0]).toBe('  状態      a');
    expect(out[1]).toBe('  Severity  b');
    const [header, row1, row2] = out.slice(2);
    const column = (line: string, ch: string): number => stringWidth(line.slice(0, line.indexOf(ch)));
    expect(column(header!, 'X')).toBe(column(row2!, 'z'));
    expect(row1).toBe('  INC-1   職員メール  y');
  });

  it('shows buttons as the command they run, and colours only when asked', () => {
    const r = reply('t', [
      { type: 'actions', actions: [{ label: 'Resolve', command: '/incident resolve INC-1' }] },
    ]);
    expect(renderText(r, { color: false })).toBe('  ▸ Resolve: /incident resolve INC-1');
    expect(renderText(r, { color: true })).toContain('\u001b[');
  });
});

describe('Basic credentials and prose', () => {
  it('masks Basic credentials but leaves "Basic authentication" in a notice alone', () => {
    expect(maskSecrets('Authorization: Basic dXNlcjpwYXNzd29yZA==').text).toBe(
      `Authorization: Basic ${MASK}`,
    );
    expect(maskSecrets('Authorization: Basic dXNlcjpwYXNzd29y').text).toBe(`Authorization: Basic ${MASK}`);
    const notice =
      'Basic authentication will be retired for Exchange Online; basic authentication users must move.';
    expect(maskSecrets(notice)).toEqual({ text: notice, masked: 0 });
  });
});
