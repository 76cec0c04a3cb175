// Playbook effects in Microsoft Teams, end to end: the real bot against the Bot Connector emulator.
// The incidents channel is a standard (not shared) channel of the team, so a run's step card goes
// into the incident's thread; the notice addressed to the provider goes to the provider's person in
// their 1:1 chat with the bot (found in the team by their Entra object id), never into the thread.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedConnectorCall } from '../emulators/bot-connector/bot-connector-emulator.js';
import {
  installationUpdateActivity,
  messageActivity,
  postActivity,
  type ActivityContext,
} from '../emulators/bot-connector/teams-activities.js';
import { REPO_ROOT } from '../helpers/bot-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { AAD, INCIDENTS_CHANNEL, startTeamsWorld, type TeamsWorld } from '../helpers/teams-world.js';

const PLAYBOOKS = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'delivery');
/** The team's General channel, whose id is the team id. */
const TEAM = '19:tsubaki-general@thread.tacv2';
const sato = { id: '29:sato', name: '佐藤 花子', aadObjectId: AAD.sato };
const nakamura = { id: '29:nakamura', name: '中村 達也', aadObjectId: AAD.nakamura };

let temp: ReturnType<typeof makeTempDir>;
let world: TeamsWorld;

beforeAll(async () => {
  temp = makeTempDir();
  world = await startTeamsWorld(
    temp.path,
    { TSUNAGI_PLAYBOOKS_DIR: PLAYBOOKS, TSUNAGI_LOCALE: 'en' },
    {
      members: [sato, nakamura],
      teams: [
        {
          id: TEAM,
          name: 'Tsubaki City',
          channels: [{ id: INCIDENTS_CHANNEL, name: 'incidents', type: 'standard' }],
        },
      ],
    },
  );
});
afterAll(async () => {
  await world?.stop();
  temp?.cleanup();
});

function inIncidentsChannel(): ActivityContext {
  return {
    serviceUrl: world.emulator.serviceUrl,
    from: sato,
    conversation: { id: INCIDENTS_CHANNEL, conversationType: 'channel' },
    teamId: TEAM,
    channelId: INCIDENTS_CHANNEL,
  };
}

async function say(text: string): Promise<void> {
  const response = await postActivity(
    world.messagesUrl,
    messageActivity({ ...inIncidentsChannel(), text, mentionBot: true }),
  );
  expect(response.status).toBe(200);
}

const bodyOf = (call: RecordedConnectorCall): string => JSON.stringify(call.body);
const isPost = (call: RecordedConnectorCall): boolean =>
  call.route === 'sendToConversation' || call.route === 'replyToActivity';

describe('playbook effects in Teams', () => {
  it("posts the step card in the incident's thread and the provider's notice in a 1:1 chat", async () => {
    expect(
      (await postActivity(world.messagesUrl, installationUpdateActivity(inIncidentsChannel()))).status,
    ).toBeLessThan(300);
    await say('incident declare "Staff mail spoofing" --sev 2 --service mail');
    const opened = await world.emulator.waitForCall('createConversation', (c) =>
      bodyOf(c).includes(INCIDENTS_CHANNEL),
    );
    const thread = opened.conversationId!;
    await say('playbook run notify-provider --incident INC-1');

    // The step card, in the incident's thread (the channel is a standard one: not shared).
    await world.emulator.waitForCall(
      'replyToActivity',
      (c) => c.conversationId === thread && bodyOf(c).includes('next step brief'),
    );
    // The provider's person: found in the team by Entra object id, then a 1:1 chat with the notice.
    const personal = await world.emulator.waitForCall('createConversation', (c) =>
      bodyOf(c).includes('29:nakamura'),
    );
    expect(personal.body).toMatchObject({ isGroup: false });
    const notice = await world.emulator.waitForCall(
      'replyToActivity',
      (c) => c.conversationId === personal.conversationId && bodyOf(c).includes('Notice'),
    );
    expect(bodyOf(notice)).toContain('Please check for impact on your side');
    expect(bodyOf(notice)).toContain('INC-1');
    expect(world.emulator.callsTo('getMember').map((c) => c.memberId)).toContain(AAD.nakamura);
    // Also in the thread, once: it is a standard channel of the city's team, read by the customer
    // only, and the customer may read everything.
    const inThread = world.emulator.calls.filter((c) => isPost(c) && c.conversationId === thread);
    expect(inThread.filter((c) => bodyOf(c).includes('Please check for impact'))).toHaveLength(1);
    expect(world.bot.errors()).toEqual([]);
  });
});
