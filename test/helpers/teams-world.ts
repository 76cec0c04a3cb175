// A Teams-shaped world on 127.0.0.1: the Bot Connector emulator, and the real bot started as a
// child process (`tsunagi start` with the Teams adapter) whose replies go to the emulator.
import {
  startBotConnectorEmulator,
  type BotConnectorEmulator,
  type BotConnectorEmulatorOptions,
} from '../emulators/bot-connector/bot-connector-emulator.js';
import { startServerBot, type ServerBot } from './server-bot.js';

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
  readonly bot: ServerBot;
  readonly messagesUrl: string;
  stop(): Promise<void>;
}

export async function startTeamsWorld(
  dataDir: string,
  env: Record<string, string> = {},
  emulatorOptions: BotConnectorEmulatorOptions = {},
): Promise<TeamsWorld> {
  const emulator = await startBotConnectorEmulator(emulatorOptions);
  const bot = await startServerBot(dataDir, { TSUNAGI_ADAPTERS: 'teams', ...env });
  return {
    emulator,
    bot,
    messagesUrl: `http://127.0.0.1:${bot.port}/api/messages`,
    stop: async () => {
      await bot.stop();
      await emulator.close();
    },
  };
}
