// A Slack-shaped world on 127.0.0.1: the Slack emulator with the example organisation's people,
// and the real bot started as a child process (`tsunagi start`) pointed at it.
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack-emulator.js';
import { startServerBot, type ServerBot } from './server-bot.js';

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
  readonly bot: ServerBot;
  readonly eventsUrl: string;
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
  const bot = await startServerBot(dataDir, {
    SLACK_BOT_TOKEN: emulator.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.apiUrl,
    ...(options.socketMode ? { SLACK_APP_TOKEN: emulator.appToken } : {}),
    ...options.env,
  });
  return {
    emulator,
    bot,
    eventsUrl: `http://127.0.0.1:${bot.port}/slack/events`,
    stop: async () => {
      await bot.stop();
      if (!options.emulator) await emulator.close();
    },
  };
}
