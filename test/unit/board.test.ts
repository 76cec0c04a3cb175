// The incident board's pieces without a browser: signed links, their key file, Teams SSO token
// checks, the `/tsunagi board` command, and the data API with the core's access rules.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { boardBaseUrl, BOARD_LINK_KEY_FILE, loadBoardLinkKey } from '../../src/core/board/board-link-key.js';
import { BOARD_LINK_TTL_MS, BoardLinks } from '../../src/core/board/board-links.js';
import type { BoardData } from '../../src/core/board/board-view.js';
import type { Core } from '../../src/core/core.js';
import { ConfigError } from '../../src/core/errors.js';
import { renderText } from '../../src/render/text.js';
import { Router } from '../../src/router/router.js';
import { mountBoard } from '../../src/web/board-routes.js';
import { entraSsoVerifier, SsoUnavailableError, type SsoVerifier } from '../../src/web/sso.js';
import { exampleDirectory, openCore, type CoreFixture } from '../helpers/core-fixture.js';
import { freePort } from '../helpers/ports.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const directory = exampleDirectory();
const sato = directory.person('sato')!;
const NOW = new Date('2026-11-22T13:00:00Z');

describe('BoardLinks', () => {
  const links = new BoardLinks({ secret: randomBytes(32), baseUrl: () => 'https://tsunagi.example.jp/' });

  it('round-trips a person for 8 hours, and the URL carries the token', () => {
    const link = links.create(sato, NOW);
    expect(link.url).toBe(`https://tsunagi.example.jp/tab/?t=${link.token}`);
    expect(link.expiresAt.getTime()).toBe(NOW.getTime() + BOARD_LINK_TTL_MS);
    expect(BOARD_LINK_TTL_MS).toBe(8 * 60 * 60 * 1000);
    expect(links.verify(link.token, NOW)).toEqual({ personId: 'sato' });
    expect(links.verify(link.token, new Date(link.expiresAt.getTime() - 1000))).toEqual({ personId: 'sato' });
  });

  it('refuses a link from the moment it expires', () => {
    const link = links.create(sato, NOW);
    expect(links.verify(link.token, link.expiresAt)).toEqual({ problem: 'expired' });
    expect(links.verify(link.token, new Date(NOW.getTime() + 9 * 3_600_000))).toEqual({ problem: 'expired' });
  });

  it('refuses a changed payload, a changed signature and another key', () => {
    const token = links.create(sato, NOW).token;
    const [payload, signature] = token.split('.') as [string, string];
    const other = Buffer.from(JSON.stringify({ p: 'tanaka', exp: 4102444800 })).toString('base64url');
    expect(links.verify(`${other}.${signature}`, NOW)).toEqual({ problem: 'bad-signature' });
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(links.verify(`${payload}.${flipped}`, NOW)).toEqual({ problem: 'bad-signature' });
    expect(links.verify(`${payload}.${signature.slice(0, 10)}`, NOW)).toEqual({ problem: 'bad-signature' });
    const stranger = new BoardLinks({ secret: randomBytes(32), baseUrl: () => 'http://x' });
    expect(stranger.verify(token, NOW)).toEqual({ problem: 'bad-signature' });
  });

  it('calls anything that is not two base64url parts malformed', () => {
    for (const token of ['', 'abc', 'a.b.c', '.', 'a.', '.b', 'a b.c', 'eyJ+.abc']) {
      expect(links.verify(token, NOW)).toEqual({ problem: 'malformed' });
    }
  });

  it('calls a well-signed token without the expected claims malformed', () => {
    // Signed with the same key, but not by create(): claims are checked after the signature.
    const secret = randomBytes(32);
    const signer = new BoardLinks({ secret, baseUrl: () => 'http://x' });
    const sign = (claims: unknown): string => {
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
    };
    expect(signer.verify(sign({ p: 'sato', exp: 4102444800 }), NOW)).toEqual({ personId: 'sato' });
    expect(signer.verify(sign({ p: '', exp: 4102444800 }), NOW)).toEqual({ problem: 'malformed' });
    expect(signer.verify(sign({ p: 'sato', exp: 'never' }), NOW)).toEqual({ problem: 'malformed' });
    expect(signer.verify(sign(['sato']), NOW)).toEqual({ problem: 'malformed' });
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => new BoardLinks({ secret: randomBytes(16), baseUrl: () => 'http://x' })).toThrow();
  });
});

describe('the board link key', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('is made once, readable by its owner only, and read again afterwards', async () => {
    const first = await loadBoardLinkKey(temp.path);
    expect(first).toHaveLength(32);
    const file = path.join(temp.path, BOARD_LINK_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await loadBoardLinkKey(temp.path)).equals(first)).toBe(true);
    expect(readFileSync(file).equals(first)).toBe(true);
  });

  it('stops with a clear message when the key file is damaged', async () => {
    mkdirSync(temp.path, { recursive: true });
    writeFileSync(path.join(temp.path, BOARD_LINK_KEY_FILE), 'short');
    await expect(loadBoardLinkKey(temp.path)).rejects.toThrow(/damaged.*Delete it and restart/u);
  });

  it('points links at TSUNAGI_PUBLIC_URL, else at the local port', () => {
    expect(boardBaseUrl('https://tsunagi.example.jp/', () => 3000)()).toBe('https://tsunagi.example.jp');
    let port = 0;
    const local = boardBaseUrl(undefined, () => port);
    port = 41234;
    expect(local()).toBe('http://localhost:41234');
    expect(() => boardBaseUrl('tsunagi.example.jp', () => 3000)).toThrow(ConfigError);
  });
});

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('Teams SSO tokens', () => {
  const appId = '11111111-2222-3333-4444-555555555555';
  const tid = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
  const oid = '7a2b3c4d-0009-4e5f-8a6b-00000000ms01';
  let privateKey: PrivateKey;
  let otherKey: PrivateKey;
  let jwk: JWK;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  });

  const token = (
    claims: Record<string, unknown> = {},
    options: { key?: PrivateKey; aud?: string; iss?: string; exp?: string | number } = {},
  ): Promise<string> =>
    new SignJWT({ tid, oid, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(options.iss ?? `https://login.microsoftonline.com/${tid}/v2.0`)
      .setAudience(options.aud ?? `api://tsunagi.example.jp/${appId}`)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '1h')
      .sign(options.key ?? privateKey);

  const verifier = (tenantId?: string): SsoVerifier =>
    entraSsoVerifier({
      appId,
      publicHost: 'tsunagi.example.jp',
      keys: createLocalJWKSet({ keys: [jwk] }),
      ...(tenantId ? { tenantId } : {}),
    });

  it("accepts a v2.0 token for the app's Application ID URI or its client id, and returns the oid", async () => {
    await expect(verifier().verify(await token())).resolves.toEqual({ aadObjectId: oid });
    await expect(verifier().verify(await token({}, { aud: appId }))).resolves.toEqual({ aadObjectId: oid });
    await expect(verifier(tid).verify(await token())).resolves.toEqual({ aadObjectId: oid });
  });

  it('refuses another audience, a v1.0 issuer, another tenant, an expired token and a foreign signature', async () => {
    await expect(verifier().verify(await token({}, { aud: 'api://elsewhere.example/x' }))).rejects.toThrow();
    await expect(
      verifier().verify(await token({}, { iss: `https://sts.windows.net/${tid}/` })),
    ).rejects.toThrow(/v2\.0/u);
    await expect(verifier('ffffffff-0000-0000-0000-000000000000').verify(await token())).rejects.toThrow(
      /another tenant/u,
    );
    await expect(
      verifier().verify(await token({}, { exp: Math.floor(Date.now() / 1000) - 3600 })),
    ).rejects.toThrow();
    await expect(verifier().verify(await token({}, { key: otherKey }))).rejects.toThrow();
    await expect(verifier().verify(await token({ oid: undefined }))).rejects.toThrow();
  });

  it('says the keys are unavailable (rather than the token bad) when the JWKS cannot be fetched', async () => {
    const port = await freePort();
    const remote = entraSsoVerifier({
      appId,
      publicHost: 'tsunagi.example.jp',
      jwksUrl: `http://127.0.0.1:${port}/keys`,
    });
    await expect(remote.verify(await token())).rejects.toBeInstanceOf(SsoUnavailableError);
  });
});

describe('/tsunagi board', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let f: CoreFixture;
  beforeEach(async () => {
    temp = makeTempDir();
    f = await openCore(temp.path);
  });
  afterEach(async () => {
    await f.close();
    temp.cleanup();
  });

  const ask = async (core: Core, user: string): Promise<string> => {
    const router = new Router({ commands, core, logger: silentLogger });
    const replies = await router.handle({
      platform: 'console',
      deliveryId: 'b1',
      user: { id: user },
      channel: { platform: 'console', id: '#general' },
      text: '/tsunagi board',
    });
    return replies.map((r) => renderText(r, { color: false })).join('\n');
  };

  it('answers with a personal link and its expiry, in the person’s language, only to them', async () => {
    const links = new BoardLinks({ secret: randomBytes(32), baseUrl: () => 'https://tsunagi.example.jp' });
    const core = { ...f.core, boardLinks: links };
    const ja = await ask(core, 'sato');
    expect(ja).toMatch(/https:\/\/tsunagi\.example\.jp\/tab\/\?t=[\w-]+\.[\w-]+/u);
    expect(ja).toContain('有効期限: 2026-11-23 06:00 JST（あと8時間）');
    const token = /\?t=(\S+)/u.exec(ja)![1]!;
    expect(links.verify(token, f.core.now())).toEqual({ personId: 'sato' });
    expect(await ask(core, 'clark')).toContain('Valid until 2026-11-23 06:00 JST (in 8 h');
  });

  it('says that PORT must be set when no HTTP port is open', async () => {
    const text = await ask(f.core, 'sato');
    expect(text).toContain('PORT');
    expect(text).toContain('HTTP ポートを開いていません');
  });
});

describe('GET /tab/api/board', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let f: CoreFixture;
  let server: Server;
  let base: string;
  let links: BoardLinks;
  const nakamuraOid = '7a2b3c4d-0009-4e5f-8a6b-00000000ms01';
  const sso: SsoVerifier = {
    verify(jwt) {
      if (jwt === 'h.nakamura.s') return Promise.resolve({ aadObjectId: nakamuraOid });
      if (jwt === 'h.stranger.s') return Promise.resolve({ aadObjectId: 'not-in-the-directory' });
      if (jwt === 'h.down.s') return Promise.reject(new SsoUnavailableError('keys unreachable'));
      return Promise.reject(new Error('bad token'));
    },
  };

  const start = async (withSso: boolean): Promise<void> => {
    const app = express();
    mountBoard(app, {
      core: { ...f.core, boardLinks: links },
      logger: silentLogger,
      ...(withSso ? { sso } : {}),
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeEach(async () => {
    temp = makeTempDir();
    f = await openCore(temp.path);
    links = new BoardLinks({ secret: randomBytes(32), baseUrl: () => base });
    const c = f.core.incidents;
    await c.declare(sato, { title: 'Portal defaced', severity: 2, services: ['portal'] });
    await c.declare(sato, { title: 'Mail sign-ins', severity: 1, services: ['mail'] });
    await c.declare(sato, { title: 'Old one', severity: 4, services: [] });
    await c.addNote(sato, 'INC-1', 'Council briefing at 18:00', true);
    for (let i = 1; i <= 6; i += 1) await c.addNote(sato, 'INC-1', `shared note ${i}`, false);
    await c.invite(sato, 'INC-1', f.person('suzuki'));
    await c.invite(sato, 'INC-2', f.person('nakamura'));
    await c.transition(sato, 'INC-3', 'resolved');
    await c.transition(sato, 'INC-3', 'closed');
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await f.close();
    temp.cleanup();
  });

  const get = async (
    token?: string,
    query = '',
  ): Promise<{ status: number; body: unknown; res: Response }> => {
    const res = await fetch(`${base}/tab/api/board${query}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, body: await res.json(), res };
  };
  const link = (id: string): string => links.create(f.person(id), f.core.now()).token;

  it('gives the customer every open incident, most severe first, with internal notes and the last 5 entries', async () => {
    await start(false);
    const { status, body, res } = await get(link('sato'));
    expect(status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors');
    const data = body as BoardData;
    expect(data.viewer).toMatchObject({
      name: '佐藤 花子',
      party: 'つばき市 デジタル推進課',
      partyRole: '利用者',
    });
    expect(data.locale).toBe('ja');
    expect(data.incidents.map((i) => i.id)).toEqual(['INC-2', 'INC-1']); // INC-3 is closed
    const inc1 = data.incidents[1]!;
    expect(inc1).toMatchObject({ severity: 2, severityLabel: 'SEV2（重大）', status: 'investigating' });
    expect(inc1.services).toEqual([{ id: 'portal', name: '市公式ウェブポータル' }]);
    expect(inc1.roles[0]).toMatchObject({ role: 'commander', name: '未割当' });
    expect(inc1.latest).toHaveLength(5);
    expect(inc1.latest.at(-1)!.text).toContain('鈴木 一郎');
    // The internal note is among the customer's entries (further back than the last 5 here).
    const full = await f.core.incidents.timeline(sato, 'INC-1');
    expect(full.some((e) => e.visibility === 'internal')).toBe(true);
  });

  it('shows the customer internal notes but never an SIer, who sees only the incidents they were added to', async () => {
    await f.core.incidents.addNote(sato, 'INC-1', 'Director decides on the press release', true);
    await start(false);
    const customer = (await get(link('sato'))).body as BoardData;
    expect(customer.incidents[1]!.latest.some((e) => e.internal && e.text.includes('press release'))).toBe(
      true,
    );
    const sier = (await get(link('suzuki'))).body as BoardData;
    expect(sier.incidents.map((i) => i.id)).toEqual(['INC-1']);
    expect(JSON.stringify(sier)).not.toContain('press release');
    expect(JSON.stringify(sier)).not.toContain('Council briefing');
    expect(sier.incidents[0]!.latest.every((e) => !e.internal)).toBe(true);
    const provider = (await get(link('clark'))).body as BoardData;
    expect(provider.incidents).toEqual([]);
    expect(provider.locale).toBe('en');
  });

  it('uses the language hint only for people without their own language', async () => {
    await start(false);
    expect(((await get(link('sato'), '?locale=en')).body as BoardData).incidents[0]!.statusLabel).toBe(
      'Investigating',
    );
    expect(((await get(link('clark'), '?locale=ja')).body as BoardData).locale).toBe('en');
    expect(((await get(link('sato'), '?locale=fr')).body as BoardData).locale).toBe('ja');
  });

  it('refuses missing, malformed, tampered and expired links with 401 and what to do', async () => {
    await start(false);
    const expired = links.create(sato, new Date(f.core.now().getTime() - BOARD_LINK_TTL_MS - 1000)).token;
    const good = link('sato');
    const tampered = `${good.slice(0, -3)}${good.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    for (const [token, code] of [
      [undefined, 'no_token'],
      ['nonsense', 'link_invalid'],
      [tampered, 'link_invalid'],
      [expired, 'link_expired'],
    ] as const) {
      const { status, body, res } = await get(token);
      expect(status, code).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(body).toMatchObject({ code, error: { ja: expect.stringContaining('/tsunagi board') } });
      expect(body).toMatchObject({ error: { en: expect.stringContaining('/tsunagi board') } });
      expect(JSON.stringify(body)).not.toContain('Portal');
    }
  });

  it('refuses a link for someone no longer in tsunagi.yaml', async () => {
    await start(false);
    const ghost = links.create({ ...sato, id: 'former-employee' }, f.core.now()).token;
    const { status, body } = await get(ghost);
    expect(status).toBe(403);
    expect(body).toMatchObject({ code: 'not_listed' });
  });

  it('accepts a Teams SSO token when configured and maps its oid to people[].chat.teams', async () => {
    await start(true);
    const { status, body } = await get('h.nakamura.s');
    expect(status).toBe(200);
    const data = body as BoardData;
    expect(data.viewer.name).toBe('中村 達也');
    expect(data.incidents.map((i) => i.id)).toEqual(['INC-2']);
    expect((await get('h.stranger.s')).status).toBe(403);
    expect((await get('h.forged.s')).body).toMatchObject({ code: 'sso_refused' });
    expect((await get('h.down.s')).status).toBe(503);
    // Links keep working alongside SSO.
    expect((await get(link('sato'))).status).toBe(200);
  });

  it('refuses an SSO token when SSO is not configured', async () => {
    await start(false);
    const { status, body } = await get('h.nakamura.s');
    expect(status).toBe(401);
    expect(body).toMatchObject({ code: 'sso_not_configured' });
  });

  it('serves the page, its files and TeamsJS with the security headers', async () => {
    await start(false);
    for (const file of ['/tab/', '/tab/configure', '/tab/board.js', '/tab/board.css', '/tab/teams-js.js']) {
      const res = await fetch(`${base}${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-security-policy'), file).toContain(
        "frame-ancestors 'self' https://teams.microsoft.com",
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const page = await (await fetch(`${base}/tab/`)).text();
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/u); // no inline scripts
  });
});
