// A Teams-shaped world on 127.0.0.1: the Bot Connector emulator, and the real bot started as a
// child process (`tsunagi start` with the Teams adapter) whose replies go to the emulator.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  startBotConnectorEmulator,
  type BotConnectorEmulator,
} from '../emulators/bot-connector/bot-connector-emulator.js';
import { spawnCli, testEnv } from './bot-process.js';
import { freePort, waitUntilReady } from './ports.js';

/** Microsoft Entra object ids from tsunagi.example.yaml. */
export const AAD = {
  sato: '3f1c2a9e-0001-4c1d-9a51-1c0ffee00001',
  nakamura: '7a2b3c4d-0009-4e5f-8a6b-00000000ms01',
  stranger: '00000000-dead-beef-0000-000000000000',
} as const;
/** The incidents channel of tsunagi.example.yaml (channels.incidents.teams). */
export const INCIDENTS_CHANNEL = '19:tsubaki-incidents@thread.tacv2';

export interface TeamsWorld {
  readonly emulator: BotConnectorEmulator;
  readonly bot: ChildProcessWithoutNullStreams;
  readonly messagesUrl: string;
  logs(): string;
  stop(): Promise<void>;
}

export async function startTeamsWorld(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<TeamsWorld> {
  const emulator = await startBotConnectorEmulator();
  const port = await freePort();
  const bot = spawnCli(['start'], {
    env: testEnv(dataDir, { TSUNAGI_ADAPTERS: 'teams', PORT: String(port), LOG_LEVEL: 'info', ...env }),
  });
  let stderr = '';
  bot.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  bot.stdout.resume();
  const exited = new Promise<never>((_, reject) =>
    bot.on('exit', (code) => reject(new Error(`the bot exited (${code}) while starting:\n${stderr}`))),
  );
  await Promise.race([waitUntilReady(port), exited]);
  return {
    emulator,
    bot,
    messagesUrl: `http://127.0.0.1:${port}/api/messages`,
    logs: () => stderr,
    stop: async () => {
      if (bot.exitCode === null) {
        const gone = new Promise((resolve) => bot.on('exit', resolve));
        bot.kill('SIGTERM');
        await gone;
      }
      await emulator.close();
    },
  };
}
