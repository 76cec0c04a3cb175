// Structured logging with pino. Secrets are removed twice: by field name (redact paths) and by
// value (maskSecrets over every string), so a token pasted into a message cannot leak either.
import { pino, type Logger, type DestinationStream } from 'pino';
import { maskSecrets } from '../core/secrets/mask-secrets.js';

export type { Logger };

const REDACT_PATHS = [
  'token',
  'password',
  'secret',
  'authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-slack-signature"]',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.appPassword',
  '*.clientSecret',
];

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { app: 'tsunagi' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => scrub(arg, 0)) as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (error: unknown) => scrub(pino.stdSerializers.err(error as Error), 0),
      },
    },
    options.destination,
  );
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskSecrets(value).text;
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
}
