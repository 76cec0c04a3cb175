// Ports for child processes: one free on this machine right now, and waiting until a bot on it is ready.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves once GET /readyz on the port answers 200. */
export async function waitUntilReady(port: number): Promise<void> {
  let last: unknown;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error; // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the bot on port ${port} never became ready (last: ${String(last)})`);
}
