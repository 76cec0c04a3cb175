// Fetching a chat file for evidence over real HTTP: the bot token goes only to the hosts allowed,
// redirects included; the evidence limit holds even when the server announces no size or the wrong
// one; and failures come back as typed errors saying what to do.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError, UserInputError } from '../../src/core/errors.js';
import { downloadFile, type DownloadOptions } from '../../src/platforms/download-file.js';

interface Host {
  readonly origin: string;
  readonly seen: { path: string; authorization?: string }[];
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function host(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Host> {
  const seen: Host['seen'] = [];
  const server = createServer((req, res) => {
    seen.push({
      path: req.url ?? '',
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    handle(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function options(allowedOrigin: string, extra: Partial<DownloadOptions> = {}): DownloadOptions {
  return {
    name: 'waf.log',
    upstream: 'Slack',
    headers: { Authorization: 'Bearer xoxb-secret' },
    allowed: (url) => url.origin === allowedOrigin,
    maxBytes: 1024,
    ...extra,
  };
}

describe('downloading a chat file for evidence', () => {
  it('returns the bytes from an allowed host, sending the token there', async () => {
    const slack = await host((_req, res) => res.end(Buffer.from('blocked 203.0.113.7\n')));
    const bytes = await downloadFile(
      `${slack.origin}/files-pri/T1-F1/download/waf.log`,
      options(slack.origin),
    );
    expect(bytes.toString('utf8')).toBe('blocked 203.0.113.7\n');
    expect(slack.seen).toEqual([
      { path: '/files-pri/T1-F1/download/waf.log', authorization: 'Bearer xoxb-secret' },
    ]);
  });

  it('never sends the token to a host that is not allowed, first or after a redirect', async () => {
    const elsewhere = await host((_req, res) => res.end('stolen'));
    const slack = await host((_req, res) => {
      res.writeHead(302, { Location: `${elsewhere.origin}/collect` });
      res.end();
    });
    await expect(downloadFile(`${elsewhere.origin}/x`, options(slack.origin))).rejects.toThrow(UpstreamError);
    const redirected = downloadFile(
      `${slack.origin}/files-pri/T1-F1/download/waf.log`,
      options(slack.origin),
    );
    await expect(redirected).rejects.toMatchObject({
      userMessage: { en: expect.stringContaining("which is not Slack's") as string },
    });
    expect(elsewhere.seen).toEqual([]);
    expect(slack.seen).toHaveLength(1);
  });

  it('follows a redirect within the allowed hosts', async () => {
    const slack = await host((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { Location: '/new' });
        res.end();
      } else {
        res.end('moved content');
      }
    });
    const bytes = await downloadFile(`${slack.origin}/old`, options(slack.origin));
    expect(bytes.toString()).toBe('moved content');
    expect(slack.seen.map((s) => s.authorization)).toEqual(['Bearer xoxb-secret', 'Bearer xoxb-secret']);
  });

  it('refuses a file over the limit, whether announced or only counted as it arrives', async () => {
    const announced = await host((_req, res) => {
      res.writeHead(200, { 'Content-Length': '4096' });
      res.end(Buffer.alloc(4096, 1));
    });
    const unannounced = await host((_req, res) => {
      // Chunked, no length: the limit must be counted as the bytes come.
      res.write(Buffer.alloc(700, 1));
      res.end(Buffer.alloc(700, 2));
    });
    for (const server of [announced, unannounced]) {
      const attempt = downloadFile(`${server.origin}/big`, options(server.origin));
      await expect(attempt).rejects.toThrow(UserInputError);
      await expect(attempt).rejects.toMatchObject({
        userMessage: { en: expect.stringContaining('over the') as string },
      });
    }
  });

  it('reports a failed answer as retryable or not, and lets the caller refuse a wrong kind of answer', async () => {
    const busy = await host((_req, res) => {
      res.writeHead(503, { 'Retry-After': '7' });
      res.end();
    });
    const gone = await host((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    const page = await host((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>Sign in</html>');
    });
    await expect(downloadFile(`${busy.origin}/f`, options(busy.origin))).rejects.toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
    });
    await expect(downloadFile(`${gone.origin}/f`, options(gone.origin))).rejects.toMatchObject({
      retryable: false,
    });
    const signIn = new UpstreamError({ ja: 'サインイン画面', en: 'sign-in page' }, 'slack', false);
    const checked = options(page.origin, {
      check: (response) => (response.headers.get('content-type') === 'text/html' ? signIn : undefined),
    });
    await expect(downloadFile(`${page.origin}/f`, checked)).rejects.toBe(signIn);
  });
});
