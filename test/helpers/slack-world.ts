// A Slack-shaped world on 127.0.0.1: the Slack emulator with the example organisation's people,
// and the real bot started as a child process (`tsunagi start`) pointed at it.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack-emulator.js';
import { spawnCli, testEnv } from './bot-process.js';
import { freePort, waitUntilReady } from './ports.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
/** Slack ids from tsunagi.example.yaml. */
export const USERS = {
  sato: 'U0TSBSATO1',
  suzuki: 'U0HKRSUZU1',
  clark: 'U0AWSCLRK1',
  /** Someone in the workspace but not in tsunagi.yaml, who reads Slack in English. */
  stranger: 'U0STRANGR1',
} as const;
export const GENERAL = 'C0GENERAL1';
export const ANNOUNCEMENTS = 'C0ANNOUNC1';

export interface SlackWorld {
  readonly emulator: SlackEmulator;
  readonly bot: ChildProcessWithoutNullStreams;
  readonly eventsUrl: string;
  readonly port: number;
  /** Everything the bot wrote to stderr (its JSON log). */
  logs(): string;
  stop(): Promise<void>;
}

export async function startEmulator(): Promise<SlackEmulator> {
  const emulator = await startSlackEmulator({
    users: [
      { id: USERS.sato, name: 'sato', locale: 'ja-JP', teamId: 'T0TSUBAKI' },
      { id: USERS.suzuki, name: 'suzuki', locale: 'ja-JP', teamId: 'T0HIKARI0' },
      { id: USERS.clark, name: 'clark', locale: 'en-US', teamId: 'T0AWSPART' },
      { id: USERS.stranger, name: 'stranger', locale: 'en-US', teamId: 'T0TSUBAKI' },
    ],
  });
  emulator.addChannel({ id: GENERAL, name: 'general' });
  emulator.addChannel({ id: ANNOUNCEMENTS, name: 'incident-announcements' });
  return emulator;
}

export async function startSlackWorld(
  dataDir: string,
  options: { socketMode?: boolean; emulator?: SlackEmulator; env?: Record<string, string> } = {},
): Promise<SlackWorld> {
  const emulator = options.emulator ?? (await startEmulator());
  const port = await freePort();
  const bot = spawnCli(['start'], {
    env: testEnv(dataDir, {
      PORT: String(port),
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: emulator.apiUrl,
      ...(options.socketMode ? { SLACK_APP_TOKEN: emulator.appToken } : {}),
      ...options.env,
    }),
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
    port,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    logs: () => stderr,
    stop: async () => {
      if (bot.exitCode === null) {
        const gone = new Promise((resolve) => bot.on('exit', resolve));
        bot.kill('SIGTERM');
        await gone;
      }
      if (!options.emulator) await emulator.close();
    },
  };
}
