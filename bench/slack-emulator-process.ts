// The Slack emulator in its own process for the ack benchmark, so that answering the bot's Web API
// calls and response_url posts does not steal time from the load generator's measurements.
// Prints one JSON line with the URLs, then serves until killed.
import { startSlackEmulator } from '../test/emulators/slack/slack-emulator.js';

const emulator = await startSlackEmulator({ users: [{ id: 'U0TSBSATO1', name: 'sato', locale: 'ja-JP' }] });
emulator.addChannel({ id: 'C0GENERAL1', name: 'general' });
emulator.addChannel({ id: 'C0ANNOUNC1', name: 'incident-announcements' });
process.stdout.write(
  `${JSON.stringify({ apiUrl: emulator.apiUrl, botToken: emulator.botToken, responseUrl: emulator.responseUrl() })}\n`,
);
process.on('SIGTERM', () => {
  void emulator.close().then(() => process.exit(0));
});
