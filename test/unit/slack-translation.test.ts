// The small translations between Slack and the core: incident channel names under Slack's rules,
// and form answers that become command lines the tokenizer reads back exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incidentChannelName } from '../../src/platforms/slack/channel-name.js';
import { packFormMetadata, unpackFormMetadata } from '../../src/router/form-metadata.js';
import { formToCommand, quoteArgument } from '../../src/router/forms.js';
import { tokenize } from '../../src/router/tokenize.js';

describe('incident channel names', () => {
  it('follow Slack naming rules for any title', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 5 }),
        (title, n, attempt) => {
          const name = incidentChannelName(`INC-${n}`, title, attempt);
          expect([...name].length).toBeLessThanOrEqual(80);
          expect(name).toBe(name.toLowerCase());
          expect(name).not.toMatch(/[\s.]/u);
          expect(name).toMatch(/^[\p{L}\p{N}_-]+$/u);
          expect(name.startsWith(`inc-${n}`)).toBe(true);
        },
      ),
    );
  });

  it('keep Japanese titles readable and mark retries', () => {
    expect(incidentChannelName('INC-12', '職員メール 不審ログイン（管理者）')).toBe(
      'inc-12-職員メール-不審ログイン-管理者',
    );
    expect(incidentChannelName('INC-12', 'Portal DOWN!', 2)).toBe('inc-12-portal-down-2');
    expect(incidentChannelName('INC-3', '...')).toBe('inc-3');
  });
});

describe('form answers as command lines', () => {
  it('quote any text so the tokenizer gives it back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100 }), (text) => {
        const tokens = tokenize(`note ${quoteArgument(text)}`);
        expect(tokens.map((t) => t.text)).toEqual(['note', text]);
      }),
    );
  });

  it('turn fields into the positional and repeated options, leaving out empty answers', () => {
    const form = {
      title: 'Declare',
      submitLabel: 'Declare',
      command: '/incident declare',
      fields: [
        { name: 'title', label: 'Title', kind: 'text' as const, required: true, positional: true },
        { name: 'service', label: 'Services', kind: 'multichoice' as const, required: false },
        { name: 'summary', label: 'Summary', kind: 'textarea' as const, required: false },
      ],
    };
    expect(formToCommand(form, { title: 'Web "改ざん"', service: ['portal', 'mail'], summary: ' ' })).toBe(
      '/incident declare "Web \\"改ざん\\"" --service "portal" --service "mail"',
    );
    const packed = packFormMetadata(form, 'C0ROOM0001');
    const unpacked = unpackFormMetadata(packed)!;
    expect(unpacked.channelId).toBe('C0ROOM0001');
    expect(formToCommand(unpacked.form, { title: 'x', service: ['portal'] })).toBe(
      '/incident declare "x" --service "portal"',
    );
    expect(unpackFormMetadata('not json')).toBeUndefined();
  });
});
