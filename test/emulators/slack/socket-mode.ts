// The Socket Mode side of the emulator: the WebSocket that @slack/socket-mode connects to with the URL
// apps.connections.open handed out. Slack pushes envelopes down it and the app acknowledges each one
// by echoing its envelope_id, optionally with a response payload.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { APP_ID } from './workspace.js';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface EnvelopeOptions {
  retryAttempt?: number;
  retryReason?: string;
}

/** What the app sent back for an envelope. */
export interface SocketModeAck {
  envelope_id: string;
  payload?: unknown;
}

export const SOCKET_MODE_PATH = '/socket-mode';
// Slack gives the app 3 s to acknowledge; waiting a little longer separates "slow" from "never".
const ACK_TIMEOUT_MS = 5000;
// Slack pings its clients periodically; @slack/socket-mode drops a connection whose server stops
// pinging once it has started, so the emulator keeps pinging like the real thing.
const SERVER_PING_INTERVAL_MS = 10_000;
const CLOSE_GRACE_MS = 1000;

interface PendingAck {
  resolve: (ack: SocketModeAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface ConnectionWaiter {
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function closeGracefully(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (socket.readyState === WebSocket.OPEN) socket.close(1001, 'emulator shutting down');
  });
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export class SocketModeServer {
  /**
   * Messages from the app that Slack would not accept: unparseable frames and acks for envelopes
   * that were never sent or were already acknowledged. Tests can assert this stays empty.
   */
  readonly protocolErrors: string[] = [];

  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly tickets = new Set<string>();
  private readonly pendingAcks = new Map<string, PendingAck>();
  private readonly connectionWaiters = new Set<ConnectionWaiter>();
  private readonly pingTimer: NodeJS.Timeout;

  constructor() {
    this.pingTimer = setInterval(() => {
      for (const socket of this.openSockets()) socket.ping();
    }, SERVER_PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  get connections(): number {
    return this.openSockets().length;
  }

  /** A one-time ticket for the WebSocket URL, as apps.connections.open issues. */
  issueTicket(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return ticket;
  }

  /** Wire to the HTTP server's 'upgrade' event. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://emulator');
    if (url.pathname !== SOCKET_MODE_PATH) {
      refuseUpgrade(socket, '404 Not Found');
      return;
    }
    const ticket = url.searchParams.get('ticket');
    // Tickets are single use, so a client that reconnects without calling apps.connections.open
    // again fails here just as it would against Slack.
    if (ticket === null || !this.tickets.delete(ticket)) {
      refuseUpgrade(socket, '401 Unauthorized');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws));
  }

  waitForConnection(timeoutMs = 5000): Promise<void> {
    if (this.connections > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: ConnectionWaiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.connectionWaiters.delete(waiter);
          reject(
            new Error(
              `No Socket Mode connection within ${timeoutMs} ms (did the app call apps.connections.open?)`,
            ),
          );
        }, timeoutMs),
      };
      this.connectionWaiters.add(waiter);
    });
  }

  /** Pushes an envelope to the newest connection and resolves with the app's acknowledgement. */
  send(type: EnvelopeType, payload: object, options: EnvelopeOptions = {}): Promise<SocketModeAck> {
    const socket = this.openSockets().at(-1);
    if (!socket) return Promise.reject(new Error(`Cannot send ${type}: no Socket Mode connection is open`));
    const envelopeId = randomUUID();
    const envelope = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: options.retryAttempt ?? 0,
      retry_reason: options.retryReason ?? '',
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingAcks.delete(envelopeId);
        reject(
          new Error(`The app did not acknowledge ${type} envelope ${envelopeId} within ${ACK_TIMEOUT_MS} ms`),
        );
      }, ACK_TIMEOUT_MS);
      this.pendingAcks.set(envelopeId, { resolve, reject, timer });
      socket.send(JSON.stringify(envelope), (error) => {
        if (!error) return;
        clearTimeout(timer);
        this.pendingAcks.delete(envelopeId);
        reject(error);
      });
    });
  }

  /** Asks every client to reconnect, as Slack does before recycling the server behind a connection. */
  requestReconnect(reason = 'refresh_requested'): void {
    const message = JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'emulator' } });
    for (const socket of this.openSockets()) socket.send(message);
  }

  /**
   * Closes every connection with a close handshake, so an app that is itself shutting down sees a
   * clean close rather than a network error; sockets that do not finish it in time are cut off.
   */
  async close(): Promise<void> {
    clearInterval(this.pingTimer);
    const closed = new Error('Slack emulator closed');
    for (const [envelopeId, pending] of this.pendingAcks) {
      clearTimeout(pending.timer);
      this.pendingAcks.delete(envelopeId);
      pending.reject(closed);
    }
    for (const waiter of this.connectionWaiters) {
      clearTimeout(waiter.timer);
      waiter.reject(closed);
    }
    this.connectionWaiters.clear();
    await Promise.all([...this.sockets].map((socket) => closeGracefully(socket)));
    this.sockets.clear();
    this.wss.close();
  }

  private openSockets(): WebSocket[] {
    return [...this.sockets].filter((socket) => socket.readyState === WebSocket.OPEN);
  }

  private onConnection(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', (error) => {
      this.protocolErrors.push(`WebSocket error: ${error.message}`);
      this.sockets.delete(socket);
    });
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connections,
        debug_info: { host: 'emulator', approximate_connection_time: 3600 },
        connection_info: { app_id: APP_ID },
      }),
    );
    for (const waiter of this.connectionWaiters) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.connectionWaiters.clear();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const text = rawToString(data);
    let message: unknown;
    try {
      message = isBinary ? undefined : JSON.parse(text);
    } catch (error) {
      this.protocolErrors.push(`Unparseable message from the app (${String(error)}): ${text}`);
      return;
    }
    const envelopeId = isRecord(message) ? message.envelope_id : undefined;
    const pending = typeof envelopeId === 'string' ? this.pendingAcks.get(envelopeId) : undefined;
    if (!isRecord(message) || typeof envelopeId !== 'string' || !pending) {
      this.protocolErrors.push(`Unexpected message from the app: ${text}`);
      return;
    }
    clearTimeout(pending.timer);
    this.pendingAcks.delete(envelopeId);
    pending.resolve({ envelope_id: envelopeId, ...('payload' in message && { payload: message.payload }) });
  }
}
