// The console adapter over real streams and a real core: a message the bot says on its own is held
// while a reply is on its way and printed whole after it, what arrives before the console is up is
// printed once it is, and nothing is printed after the console stops.
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { DomainEvent } from '../../src/core/domain-events.js';
import type { Incident } from '../../src/core/incidents/model.js';
import { ConsoleAdapter } from '../../src/platforms/console/console-adapter.js';
import { Router } from '../../src/router/router.js';
import { botNotices, repliesByCommand } from '../helpers/console-output.js';
import { openCore, type CoreFixture } from '../helpers/core-fixture.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let f: CoreFixture;
beforeEach(async () => {
  temp = makeTempDir();
  f = await openCore(temp.path);
});
afterEach(async () => {
  await f.close();
  temp.cleanup();
});

/** Lets the streams pass on what was written. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function openConsole(as?: string): { adapter: ConsoleAdapter; input: PassThrough; output: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const adapter = new ConsoleAdapter({
    router: new Router({ commands, core: f.core, logger: silentLogger }),
    core: f.core,
    logger: silentLogger,
    input,
    output,
    interactive: false,
    color: false,
    ...(as ? { initialUser: as } : {}),
  });
  return { adapter, input, output: () => text };
}

/** What the update-reminder job publishes when an incident's update is overdue. */
function updateDue(incident: Incident): DomainEvent {
  return { type: 'incident.update_due', incident, due: '2026-11-22T13:30:00.000Z', n: 1 };
}

async function declared(): Promise<Incident> {
  const result = await f.core.incidents.declare(f.person('sato'), {
    title: 'ポータルの改ざん',
    severity: 2,
    services: ['portal'],
  });
  return result.incident;
}

describe('the console printing what the bot says on its own', () => {
  it('holds a reminder that arrives while a reply is on its way and prints it after the reply', async () => {
    const incident = await declared();
    const { adapter, input, output } = openConsole();
    // The reminder falls due at the very moment a note is being recorded.
    f.core.events.subscribe((event) => {
      if (event.type === 'incident.changed' && event.entry.type === 'incident.note_added') {
        f.core.events.publish(updateDue(event.incident));
      }
    });
    await adapter.start();
    input.end(`/incident note ${incident.id} WAFのログを確認中\n/incident list\n`);
    await adapter.finished;

    const text = output();
    const note = repliesByCommand(text).get(`/incident note ${incident.id} WAFのログを確認中`)!;
    expect(note).toContain('メモを記録しました');
    expect(note).not.toContain('⏰');
    const notices = botNotices(text);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^🔔 つなぎからのお知らせ（[^\n]+）\n⏰ INC-1 関係者への報告が/u);
    // Between the note's reply and the next command, whole.
    expect(text.indexOf('🔔')).toBeGreaterThan(text.indexOf('メモを記録しました'));
    expect(text.indexOf('🔔')).toBeLessThan(text.indexOf('› /incident list'));
  });

  it('prints what came before the console was up once it is, and nothing after it stops', async () => {
    const incident = await declared();
    const { adapter, input, output } = openConsole();
    f.core.events.publish(updateDue(incident));
    await settle();
    expect(output()).toBe('');
    await adapter.start();
    await settle();
    expect(botNotices(output())).toHaveLength(1);

    input.end();
    await adapter.stop();
    f.core.events.publish(updateDue(incident));
    await settle();
    expect(botNotices(output())).toHaveLength(1);
  });

  it('keeps an incident from an SIer who was not added to it', async () => {
    const incident = await declared();
    const { adapter, input, output } = openConsole('tanaka');
    await adapter.start();
    f.core.events.publish(updateDue(incident));
    input.end('/as sato\n');
    await adapter.finished;
    expect(output()).toContain('› /as sato');
    expect(botNotices(output())).toEqual([]);
  });
});
