// The single fake workspace every Slack emulator instance pretends to be. Shared by the emulator
// (what the Web API answers) and the request builders (what Slack sends to the app), so both sides
// of a test agree on ids without repeating magic strings.

export const TEAM_ID = 'T0TSUBAKI';
export const TEAM_NAME = 'Tsubaki';
export const TEAM_DOMAIN = 'tsubaki';
export const WORKSPACE_URL = `https://${TEAM_DOMAIN}.slack.com/`;

/** The bot user the app's bot token belongs to. */
export const BOT_USER_ID = 'U0TSUNAGI0';
export const BOT_USER_NAME = 'tsunagi';
export const BOT_ID = 'B0TSUNAGI0';
export const APP_ID = 'A0TSUNAGI0';

export const DEFAULT_BOT_TOKEN = 'xoxb-test-token';
export const DEFAULT_APP_TOKEN = 'xapp-test-token';

/** The deprecated verification token Slack still puts in payloads; apps should ignore it. */
export const VERIFICATION_TOKEN = 'emulatorVerificationToken';
