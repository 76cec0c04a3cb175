// The floor for the Slack ack benchmark: a Bolt app on the same HTTP receiver that acknowledges
// every slash command immediately and does nothing else. Run as a child process so it has its own
// event loop, like the bot. Usage: node dist/bench/bare-bolt-app.js <port> <signing secret>
import bolt from '@slack/bolt';

const [port, signingSecret] = process.argv.slice(2);
const receiver = new bolt.ExpressReceiver({ signingSecret: signingSecret!, endpoints: '/slack/events' });
const app = new bolt.App({
  receiver,
  // Single-workspace authorisation without a network call: the floor must not wait on anything.
  authorize: () => Promise.resolve({ botToken: 'xoxb-floor', botId: 'B0FLOOR', botUserId: 'U0FLOOR' }),
});
app.command(/.+/u, async ({ ack }) => {
  await ack();
});
await app.start(Number(port));
process.stdout.write('ready\n');
