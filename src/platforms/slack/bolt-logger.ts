// Bolt and the Web API client log through our logger, so their messages land in the same JSON
// stream (with secrets redacted) instead of on stdout.
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../observability/logger.js';

export function boltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack-sdk' });
  let level: LogLevel = LogLevel.INFO;
  const text = (parts: unknown[]): string =>
    parts.map((p) => (typeof p === 'string' ? p : String(p))).join(' ');
  return {
    debug: (...msg: unknown[]) => child.debug(text(msg)),
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
