// Microsoft Teams end to end: the real bot process (Teams adapter, unauthenticated local mode)
// receives activities at POST /api/messages and answers through a local Bot Connector emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedConnectorCall } from '../emulators/bot-connector/bot-connector-emulator.js';
import {
  adaptiveCardActionInvoke,
  channelThreadId,
  installationUpdateActivity,
  messageActivity,
  postActivity,
  type ActivityContext,
} from '../emulators/bot-connector/teams-activities.js';
import { cardProblems } from '../helpers/adaptive-card-check.js';
import { runCli, testEnv } from '../helpers/bot-process.js';
import { freePort } from '../helpers/ports.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { AAD, INCIDENTS_CHANNEL, startTeamsWorld, type TeamsWorld } from '../helpers/teams-world.js';

let temp: ReturnType<typeof makeTempDir>;
let world: TeamsWorld;

beforeAll(async () => {
  temp = makeTempDir();
  world = await startTeamsWorld(temp.path);
});
afterAll(async () => {
  await world?.stop();
  temp?.cleanup();
});

const sato = { id: '29:sato', name: '佐藤 花子', aadObjectId: AAD.sato };

function inChannel(root = '1700000000001'): ActivityContext {
  return {
    serviceUrl: world.emulator.serviceUrl,
    from: sato,
    conversation: { id: channelThreadId(INCIDENTS_CHANNEL, root), conversationType: 'channel' },
    teamId: INCIDENTS_CHANNEL,
    channelId: INCIDENTS_CHANNEL,
  };
}

function personal(from = sato, locale = 'ja-JP'): ActivityContext {
  return {
    serviceUrl: world.emulator.serviceUrl,
    from,
    conversation: { id: `a:personal-${from.id}`, conversationType: 'personal' },
    locale,
  };
}

/** The Adaptive Cards in a recorded call's activity. */
function cardsOf(call: RecordedConnectorCall): string {
  const body = call.body as { attachments?: { contentType: string; content: unknown }[]; activity?: unknown };
  return JSON.stringify(body.attachments ?? body.activity ?? body);
}

const isCardWith = (text: string) => (call: RecordedConnectorCall) =>
  cardsOf(call).includes('application/vnd.microsoft.card.adaptive') && cardsOf(call).includes(text);

describe('Teams', () => {
  it('learns the incidents channel when installed in the team', async () => {
    const installed = await postActivity(world.messagesUrl, installationUpdateActivity(inChannel()));
    expect(installed.status).toBeLessThan(300);
  });

  it('declares from a channel message with the bot mention removed, and answers with an Adaptive Card', async () => {
    const response = await postActivity(
      world.messagesUrl,
      messageActivity({ ...inChannel(), text: 'incident declare "Mail spoofing" --sev 2', mentionBot: true }),
    );
    expect(response.status).toBe(200);
    const reply = await world.emulator.waitForCall('replyToActivity', isCardWith('INC-1'));
    expect(cardsOf(reply)).toContain('Mail spoofing');
    // The incident's own thread in the incidents channel, with its live card.
    const thread = await world.emulator.waitForCall('createConversation');
    expect(JSON.stringify(thread.body)).toContain(INCIDENTS_CHANNEL);
    expect(JSON.stringify(thread.body)).toContain('INC-1');
  });

  it('runs a card button (Action.Execute) and updates the live card in place', async () => {
    const card = await world.emulator.waitForCall('replyToActivity', isCardWith('INC-1'));
    const invoke = await postActivity(
      world.messagesUrl,
      adaptiveCardActionInvoke({
        ...inChannel(),
        replyToId: card.activityId ?? 'unknown',
        verb: 'tsunagi.command',
        data: { command: '/incident contain INC-1' },
      }),
    );
    expect(invoke.status).toBe(200);
    const body = JSON.parse(invoke.body) as { statusCode: number; type: string };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.activity.message');
    const updated = await world.emulator.waitForCall('updateActivity', (c) => cardsOf(c).includes('INC-1'));
    expect(cardsOf(updated)).toMatch(/封じ込め済み|Contained/u);
  });

  it('answers a command without arguments with a form, and declares from the submitted form', async () => {
    await postActivity(world.messagesUrl, messageActivity({ ...personal(), text: 'incident declare' }));
    const formCall = await world.emulator.waitForCall('replyToActivity', (c) =>
      cardsOf(c).includes('Input.Text'),
    );
    const attachments = (
      formCall.body as { attachments: { content: { actions: { data: { tsunagiForm: string } }[] } }[] }
    ).attachments;
    const metadata = attachments[0]!.content.actions[0]!.data.tsunagiForm;
    const submitted = await postActivity(
      world.messagesUrl,
      adaptiveCardActionInvoke({
        ...personal(),
        replyToId: formCall.activityId ?? 'form',
        verb: 'tsunagi.form',
        data: { tsunagiForm: metadata, title: '職員アカウントの不審なサインイン', sev: '2', service: 'mail' },
      }),
    );
    expect(submitted.status).toBe(200);
    await world.emulator.waitForCall('replyToActivity', isCardWith('INC-2'));
  });

  it('sends replies meant for one person to their private chat, in the language of their client', async () => {
    const stranger = { id: '29:stranger', name: 'Stranger', aadObjectId: AAD.stranger };
    await postActivity(
      world.messagesUrl,
      messageActivity({
        ...inChannel(),
        from: stranger,
        locale: 'en-US',
        text: 'incident declare "x"',
        mentionBot: true,
      }),
    );
    const opened = await world.emulator.waitForCall('createConversation', (c) =>
      JSON.stringify(c.body).includes('29:stranger'),
    );
    expect(opened.body).toMatchObject({ isGroup: false });
    const refusal = await world.emulator.waitForCall('replyToActivity', (c) =>
      cardsOf(c).includes('not listed in tsunagi.yaml'),
    );
    expect(refusal.conversationId).not.toContain(INCIDENTS_CHANNEL);
  });
  it('sent only cards that the official Adaptive Cards parser accepts', () => {
    const cards = world.emulator.calls.flatMap((call) => {
      const body = call.body as { attachments?: { contentType: string; content: unknown }[] } | undefined;
      return (body?.attachments ?? [])
        .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
        .map((a) => a.content);
    });
    expect(cards.length).toBeGreaterThan(5);
    for (const card of cards) expect(cardProblems(card)).toEqual([]);
  });

  it('logged no errors while doing all this', () => {
    expect(world.bot.errors()).toEqual([]);
  });
});

describe('Teams authentication', () => {
  it('refuses a request without a Bot Framework token when MICROSOFT_APP_ID is set', async () => {
    const dir = makeTempDir();
    const secured = await startTeamsWorld(dir.path, {
      MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555',
      MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
    });
    try {
      const activity = messageActivity({
        serviceUrl: secured.emulator.serviceUrl,
        from: sato,
        conversation: { id: 'a:personal-sato', conversationType: 'personal' },
        text: 'incident declare "Mail spoofing" --sev 2',
      });
      const response = await postActivity(secured.messagesUrl, activity);
      expect(response.status).toBe(401);
      await new Promise((r) => setTimeout(r, 300));
      expect(secured.emulator.calls).toEqual([]);
      // Refused in the structured log, without a stack trace on stderr.
      expect(secured.bot.logs()).toContain('request refused: no valid Bot Framework token');
      expect(secured.bot.logs()).not.toMatch(/^\s+at /mu);
    } finally {
      await secured.stop();
      dir.cleanup();
    }
  });

  it('refuses to start unauthenticated when NODE_ENV=production', async () => {
    const dir = makeTempDir();
    try {
      const result = await runCli(['start'], {
        env: testEnv(dir.path, {
          TSUNAGI_ADAPTERS: 'teams',
          NODE_ENV: 'production',
          PORT: String(await freePort()),
        }),
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('MICROSOFT_APP_ID');
    } finally {
      dir.cleanup();
    }
  });
});
