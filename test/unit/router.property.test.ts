// Property-based: whatever people type, the router answers with replies: a result or a typed,
// explained error, never a crash or an internal error.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { UserInputError } from '../../src/core/errors.js';
import { Router } from '../../src/router/router.js';
import { tokenize } from '../../src/router/tokenize.js';
import { openCore, type CoreFixture } from '../helpers/core-fixture.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let f: CoreFixture;
let router: Router;

beforeAll(async () => {
  temp = makeTempDir();
  f = await openCore(temp.path);
  router = new Router({ commands, core: f.core, logger: silentLogger });
  await f.core.incidents.declare(f.person('sato'), { title: 'Seed', severity: 3, services: ['portal'] });
});
afterAll(async () => {
  await f.close();
  temp.cleanup();
});

const words = [
  '/incident',
  'incident',
  'declare',
  'status',
  'list',
  'sev',
  'role',
  'invite',
  'note',
  'update',
  'timeline',
  'contain',
  'resolve',
  'close',
  'reopen',
  '/tsunagi',
  'whois',
  'help',
  '--sev',
  '--service',
  '--commander',
  '--internal',
  '--next',
  '--limit',
  '--all',
  '--help',
  '-h',
  'INC-1',
  'INC-99',
  'inc-0',
  'portal',
  'mail',
  'os',
  'me',
  'sato',
  'clark',
  'commander',
  'liaison',
  '1',
  '2',
  '5',
  'SEV2',
  '30m',
  '"',
  "'",
  '「',
  '」',
  '“',
  '=',
  '—sev',
  '－－sev',
  '?',
  '\\',
  '',
];

const commandLine = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 6 })), { maxLength: 10 })
    .map((parts) => parts.join(' ')),
);

describe('command parsing never crashes', () => {
  it('tokenize returns tokens or throws a UserInputError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (input) => {
        try {
          expect(Array.isArray(tokenize(input))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(UserInputError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the router answers every input with replies and never an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(
        commandLine,
        fc.constantFrom('sato', 'suzuki', 'clark', 'nobody'),
        async (text, user) => {
          const replies = await router.handle({
            platform: 'console',
            deliveryId: 'prop',
            user: { id: user },
            channel: { platform: 'console', id: '#general' },
            text,
          });
          expect(replies.length).toBeGreaterThan(0);
          for (const reply of replies) {
            expect(reply.blocks.length).toBeGreaterThan(0);
            expect(reply.summary).not.toMatch(/internal error|内部エラー/i);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
