// Keeps secrets out of logs, chat messages, the ledger and evidence exports. Masks the values of
// this process's own credentials wherever they appear, and well-known secret shapes (chat tokens,
// bearer tokens, private keys, "password=…") that people paste during an incident.

export const MASK = '[REDACTED]';

const PATTERNS: readonly [RegExp, (match: string, ...groups: string[]) => string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, () => MASK],
  [/\bxox[abeoprs]-[A-Za-z0-9-]{8,}/g, () => MASK],
  [/\bxapp-[A-Za-z0-9-]{8,}/g, () => MASK],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, () => MASK],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{12,}/gi, (_m, scheme = '') => `${scheme} ${MASK}`],
  // "Basic" also starts ordinary prose ("Basic authentication will be retired", in Microsoft 365
  // notices): only a value that looks like base64 credentials (a digit or symbol, or an inner
  // capital) is masked.
  [
    /\b(Basic)\s+([A-Za-z0-9._~+/=-]{12,})/gi,
    (whole, scheme = '', value = '') =>
      /[0-9+/=._~-]|[a-z][A-Z]|[A-Z]{2}/.test(value) ? `${scheme} ${MASK}` : whole,
  ],
  [
    /\b(password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|access[_-]?token|refresh[_-]?token|aws_secret_access_key|app[_-]?password|signing[_-]?secret)(\s*[:=：＝]\s*)("?)([^\s"',;]{4,})/gi,
    (_m, key = '', sep = '', quote = '') => `${key}${sep}${quote}${MASK}`,
  ],
  // \b does not work next to Japanese characters, so the Japanese keywords get their own pattern.
  [
    /(パスワード|暗証番号|秘密鍵)(\s*[:=：＝は]\s*)(「?)([^\s」"',;、。]{4,})/g,
    (_m, key = '', sep = '', quote = '') => `${key}${sep}${quote}${MASK}`,
  ],
];

const knownValues = new Set<string>();

/** Registers this process's own secret values (tokens, passwords) so they are masked verbatim. */
export function registerSecretValues(values: Iterable<string | undefined>): void {
  for (const value of values) {
    // Very short values would mask ordinary words; real credentials are long.
    if (value && value.length >= 8) knownValues.add(value);
  }
}

export function maskSecrets(text: string): { text: string; masked: number } {
  let masked = 0;
  let result = text;
  for (const value of knownValues) {
    if (result.includes(value)) {
      masked += result.split(value).length - 1;
      result = result.split(value).join(MASK);
    }
  }
  for (const [pattern, replace] of PATTERNS) {
    result = result.replace(pattern, (...args: unknown[]) => {
      const whole = String(args[0]);
      const groups = args.slice(1, -2).map((g) => (typeof g === 'string' ? g : ''));
      const replaced = replace(whole, ...groups);
      // A pattern may decide the match is not a secret after all (see Basic).
      if (replaced !== whole) masked += 1;
      return replaced;
    });
  }
  return { text: result, masked };
}
