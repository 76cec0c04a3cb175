// The HTTP plumbing the provider emulators share (feed server, AWS Health, Microsoft Graph): listen on
// 127.0.0.1 with a free port, read a request body, hold requests unanswered to emulate a hanging
// upstream, and stop without waiting for those held requests or for keep-alive connections.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export class LoopbackServer {
  private readonly held = new Set<ServerResponse>();
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    /** e.g. `http://127.0.0.1:PORT`, without a trailing slash. */
    readonly url: string,
  ) {}

  /** Starts listening on 127.0.0.1, port 0. `service` names the emulator in error output. */
  static async start(service: string, handler: RequestHandler): Promise<LoopbackServer> {
    const server = createServer((request, response) => {
      handler(request, response).catch((error: unknown) => {
        // A bug in the emulator must fail loudly rather than look like a provider outage.
        console.error(`${service} emulator failed to handle a request`, error);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new LoopbackServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  /** Leaves the request unanswered (the client sees a hang) until it is released or the server stops. */
  hold(response: ServerResponse): void {
    this.held.add(response);
    response.on('close', () => this.held.delete(response));
  }

  /** Requests currently held. */
  get heldCount(): number {
    return this.held.size;
  }

  /** Stops listening and cuts every connection, held requests included; safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      // Held requests and keep-alive sockets from fetch would otherwise keep close() waiting forever.
      this.server.closeAllConnections();
    });
    return this.stopping;
  }
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Answers with a JSON body. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}
