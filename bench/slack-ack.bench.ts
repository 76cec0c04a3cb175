// Slack's 3-second rule, measured: signed slash commands over HTTP at a steady rate, and the time
// until the HTTP acknowledgement. Tsunagi (the real bot process, answering through the Slack
// emulator) against a bare Bolt app that only acks (the floor), in the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { signSlackRequest, slashCommandPayload } from '../test/emulators/slack/slack-requests.js';
import { freePort } from '../test/helpers/ports.js';
import { fmt, printTable, scratchDir } from './measure.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
const SECRET = 'bench-signing-secret';

interface AckFigures {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly requests: number;
  readonly non2xx: number;
}

function waitForLine(child: ChildProcess, pattern: RegExp, label: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) resolve(match[0]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${label} exited (${code}) before it was ready:\n${seen}`)));
  });
}

async function load(url: string, body: string, rate: number, seconds: number): Promise<AckFigures> {
  // One timestamp for the run: a signature stays valid for five minutes, far longer than the run.
  const headers = { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SECRET, body) };
  const result = await autocannon({
    url,
    method: 'POST',
    headers,
    body,
    connections: 10,
    overallRate: rate,
    duration: seconds,
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
  };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianFigures(runs: readonly AckFigures[]): AckFigures {
  return {
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max)),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

export async function benchSlackAck(options: { rate: number; seconds: number; rounds: number }): Promise<{
  tsunagi: AckFigures;
  floor: AckFigures;
  ratio: number;
}> {
  const emulatorProcess = spawn(process.execPath, [path.join(HERE, 'slack-emulator-process.js')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const emulator = JSON.parse(await waitForLine(emulatorProcess, /\{.*\}\n/u, 'the Slack emulator')) as {
    apiUrl: string;
    botToken: string;
    responseUrl: string;
  };
  const data = scratchDir('slack');
  const botPort = await freePort();
  const floorPort = await freePort();
  const bot = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'tsunagi.js'), 'start'], {
    env: {
      PATH: process.env.PATH,
      TSUNAGI_DATA_DIR: data.path,
      TSUNAGI_CONFIG: path.join(REPO_ROOT, 'tsunagi.example.yaml'),
      TSUNAGI_ENV_FILE: '',
      PORT: String(botPort),
      LOG_LEVEL: 'warn',
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: emulator.apiUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const floor = spawn(process.execPath, [path.join(HERE, 'bare-bolt-app.js'), String(floorPort), SECRET], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await Promise.all([
      waitForLine(floor, /ready/u, 'the bare Bolt app'),
      (async () => {
        for (;;) {
          const ready = await fetch(`http://127.0.0.1:${botPort}/readyz`).then(
            (r) => r.ok,
            () => false,
          );
          if (ready) return;
          await new Promise((r) => setTimeout(r, 50));
        }
      })(),
    ]);
    // A realistic command: the list of open incidents, answered through response_url.
    const body = new URLSearchParams(
      slashCommandPayload({
        command: '/incident',
        text: 'list',
        userId: 'U0TSBSATO1',
        channelId: 'C0GENERAL1',
        responseUrl: emulator.responseUrl,
      }),
    ).toString();
    // Warm both up so neither pays for first-request compilation in the figures.
    await load(`http://127.0.0.1:${floorPort}/slack/events`, body, 100, 1);
    await load(`http://127.0.0.1:${botPort}/slack/events`, body, 100, 1);
    // Alternating rounds, so that neither side always runs on a warmer or quieter machine; the
    // figures compared are the medians over the rounds.
    const floorUrl = `http://127.0.0.1:${floorPort}/slack/events`;
    const botUrl = `http://127.0.0.1:${botPort}/slack/events`;
    const floorRuns: AckFigures[] = [];
    const botRuns: AckFigures[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      const order = round % 2 === 0 ? (['floor', 'bot'] as const) : (['bot', 'floor'] as const);
      for (const which of order) {
        const figures = await load(
          which === 'floor' ? floorUrl : botUrl,
          body,
          options.rate,
          options.seconds,
        );
        (which === 'floor' ? floorRuns : botRuns).push(figures);
      }
    }
    const row = (label: string, figures: AckFigures): string[] => [
      label,
      String(figures.requests),
      String(figures.non2xx),
      fmt(figures.p50, 0),
      fmt(figures.p99, 0),
      fmt(figures.max, 0),
    ];
    printTable(
      `Slack slash command ack latency over HTTP — ${options.rate} requests/s for ${options.seconds} s per round, ${options.rounds} alternating rounds (autocannon, 10 connections)`,
      [
        ['app (round)', 'requests', 'non-2xx', 'p50 ms', 'p99 ms', 'max ms'],
        ...floorRuns.map((f, i) => row(`bare Bolt app, floor (${i + 1})`, f)),
        ...botRuns.map((f, i) => row(`Tsunagi (${i + 1})`, f)),
      ],
    );
    const floorFigures = medianFigures(floorRuns);
    const tsunagi = medianFigures(botRuns);
    const ratio = tsunagi.p99 / Math.max(floorFigures.p99, 1);
    console.log(
      `  median p50: Tsunagi ${fmt(tsunagi.p50, 0)} ms, floor ${fmt(floorFigures.p50, 0)} ms; median p99: Tsunagi ${fmt(tsunagi.p99, 0)} ms, floor ${fmt(floorFigures.p99, 0)} ms`,
    );
    console.log(`  Tsunagi p99 / floor p99 = ${fmt(ratio, 2)} (goal ≤ 1.30)`);
    return { tsunagi, floor: floorFigures, ratio };
  } finally {
    await Promise.all([stop(bot), stop(floor)]);
    await stop(emulatorProcess);
    data.remove();
  }
}
