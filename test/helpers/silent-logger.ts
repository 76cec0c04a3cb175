import { pino } from 'pino';

/** A real pino logger that writes nowhere, for tests that do not look at logs. */
export const silentLogger = pino({ level: 'silent' });
