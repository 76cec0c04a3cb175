// Signed links to the incident board. `/tsunagi board` hands a person a link that lets their
// browser read the board as them for one shift (8 hours) without any other sign-in: the token is
// base64url(JSON {p: personId, exp}) + '.' + base64url(HMAC-SHA256 of that first part), keyed with
// a secret kept in the data directory. Nothing is stored per link; a link can only be revoked by
// replacing the key (which revokes them all) or by removing the person from tsunagi.yaml.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Person } from '../parties/model.js';

/** One shift: long enough for a night on call, short enough that a forwarded link soon dies. */
export const BOARD_LINK_TTL_MS = 8 * 60 * 60 * 1000;

export type BoardLinkProblem = 'malformed' | 'bad-signature' | 'expired';
export type BoardLinkCheck = { readonly personId: string } | { readonly problem: BoardLinkProblem };

export interface BoardLink {
  readonly url: string;
  readonly token: string;
  readonly expiresAt: Date;
}

export interface BoardLinksOptions {
  /** The HMAC key (32 random bytes, see board-link-key.ts). */
  readonly secret: Buffer;
  /** The bot's base URL without a trailing slash; a function because the port may be known only once listening. */
  readonly baseUrl: () => string;
  readonly ttlMs?: number;
}

const PART = /^[A-Za-z0-9_-]+$/u;

export class BoardLinks {
  private readonly secret: Buffer;
  private readonly ttlMs: number;

  constructor(private readonly options: BoardLinksOptions) {
    if (options.secret.length < 32) throw new Error('the board link key must be at least 32 bytes');
    this.secret = options.secret;
    this.ttlMs = options.ttlMs ?? BOARD_LINK_TTL_MS;
  }

  /** The board's own address, e.g. https://tsunagi.example.jp/tab/ */
  get boardUrl(): string {
    return `${this.options.baseUrl().replace(/\/+$/u, '')}/tab/`;
  }

  create(person: Person, now: Date): BoardLink {
    const exp = Math.floor((now.getTime() + this.ttlMs) / 1000);
    const payload = Buffer.from(JSON.stringify({ p: person.id, exp }), 'utf8').toString('base64url');
    const token = `${payload}.${this.sign(payload).toString('base64url')}`;
    return { url: `${this.boardUrl}?t=${token}`, token, expiresAt: new Date(exp * 1000) };
  }

  verify(token: string, now: Date): BoardLinkCheck {
    const parts = token.split('.');
    if (parts.length !== 2 || !parts.every((part) => PART.test(part))) return { problem: 'malformed' };
    const [payload, signature] = parts as [string, string];
    const given = Buffer.from(signature, 'base64url');
    const expected = this.sign(payload);
    // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the key.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { problem: 'bad-signature' };
    }
    // Only a payload we signed ourselves is parsed.
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { problem: 'malformed' };
    }
    if (!isClaims(claims)) return { problem: 'malformed' };
    if (claims.exp * 1000 <= now.getTime()) return { problem: 'expired' };
    return { personId: claims.p };
  }

  private sign(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(payload, 'utf8').digest();
  }
}

function isClaims(value: unknown): value is { p: string; exp: number } {
  if (typeof value !== 'object' || value === null) return false;
  const { p, exp } = value as Record<string, unknown>;
  return typeof p === 'string' && p !== '' && typeof exp === 'number' && Number.isFinite(exp);
}
