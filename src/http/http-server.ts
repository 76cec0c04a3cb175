// The bot's HTTP listener: health and metrics now, and the mount point for the Slack and Teams
// endpoints (POST /slack/events, POST /api/messages) and the Teams tab.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

export interface HttpServer {
  readonly app: Express;
  readonly port: number;
  /** Marks the bot ready (or not) for GET /readyz. */
  setReady(ready: boolean, reason?: string): void;
  close(): Promise<void>;
}

export async function startHttpServer(options: {
  port: number;
  logger: Logger;
  metrics: Metrics;
  /** Lets platform adapters add their routes before the server starts listening. */
  mount?: (app: Express) => void;
}): Promise<HttpServer> {
  const { logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  let ready = false;
  let notReadyReason = 'starting';

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    if (ready) res.json({ status: 'ready' });
    else res.status(503).json({ status: 'not ready', reason: notReadyReason });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  options.mount?.(app);

  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port, '0.0.0.0', (error?: Error) => {
      if (error) reject(error);
      else resolve(listening);
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'http server listening');

  return {
    app,
    port,
    setReady(value, reason) {
      ready = value;
      notReadyReason = reason ?? (value ? '' : 'not ready');
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
