// A local stand-in for AWS CloudTrail's LookupEvents that an unmodified @aws-sdk/client-cloudtrail
// talks to (AWS_ENDPOINT_URL_CLOUDTRAIL or the client's `endpoint`). AWS JSON 1.1 protocol: `POST /`,
// `X-Amz-Target: CloudTrail_20131101.LookupEvents`, errors as HTTP 400 with a `__type`. It serves the
// raw CloudTrail records a test gives it, newest first, within StartTime..EndTime (both inclusive),
// at most MaxResults (≤ 50) per page with an opaque NextToken; per access key and per region (from the
// SigV4 credential scope) when a data set is put for them; throttling and failures on demand.
//
// Usage:
//   const trail = await CloudTrailEmulator.start();
//   trail.putRecords(records);                                  // every account and region
//   trail.putRecords(records, { accessKeyId: 'AKIA…', region: 'ap-northeast-1' });
//   trail.failNext({ type: 'ThrottlingException' });
//   env AWS_ENDPOINT_URL_CLOUDTRAIL=trail.url
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallLog } from '../call-log.js';
import { LoopbackServer, readBody, sendJson } from '../loopback-server.js';
import { lookupPage, toLookupEvent, type LookupEvent } from './lookup-events.js';

const TARGET_PREFIX = 'CloudTrail_20131101.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const ANY = '*';

export interface RecordedCloudTrailCall {
  operation: string;
  body: Record<string, unknown>;
  accessKeyId?: string;
  region?: string;
  /** HTTP status answered. */
  status: number;
  /** `__type` of an error answer. */
  error?: string;
  /** Number of events answered. */
  events?: number;
  failed?: true;
  at: number;
}

export type InjectedCloudTrailFailure =
  | { type: 'ThrottlingException' | 'AccessDeniedException' | 'InvalidTimeRangeException' }
  | { status: 500 | 503 };

export interface DataSetKey {
  accessKeyId?: string;
  region?: string;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

function errorAnswer(type: string, message: string, status = 400): Answer {
  return { status, body: { __type: type, message } };
}

export class CloudTrailEmulator {
  private readonly dataSets = new Map<string, LookupEvent[]>();
  private readonly log = new CallLog<RecordedCloudTrailCall, string, InjectedCloudTrailFailure>(
    (call) => call.operation,
    (call) => `${call.operation} (${call.error ?? call.status})`,
    'AWS CloudTrail',
  );
  /** Caps every page below MaxResults (real CloudTrail sometimes answers short pages). */
  serverPageSize: number | undefined;

  private constructor(private readonly server: LoopbackServer) {}

  static async start(): Promise<CloudTrailEmulator> {
    const ref: { current?: CloudTrailEmulator } = {};
    const server = await LoopbackServer.start('AWS CloudTrail', (request, response) =>
      ref.current!.handle(request, response),
    );
    const emulator = new CloudTrailEmulator(server);
    ref.current = emulator;
    return emulator;
  }

  get url(): string {
    return this.server.url;
  }

  get calls(): readonly RecordedCloudTrailCall[] {
    return this.log.calls;
  }

  callsTo(operation = 'LookupEvents'): RecordedCloudTrailCall[] {
    return this.log.callsTo(operation);
  }

  waitForCall(
    predicate: (call: RecordedCloudTrailCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCloudTrailCall> {
    return this.log.waitFor('LookupEvents', predicate, timeoutMs);
  }

  /** Adds raw CloudTrail records to the data set of `key` (default: every access key and region). */
  putRecords(records: readonly unknown[], key: DataSetKey = {}): void {
    const name = dataSetName(key);
    const events = this.dataSets.get(name) ?? [];
    for (const record of records) {
      const event = toLookupEvent(record);
      const at = events.findIndex((existing) => existing.EventId === event.EventId);
      if (at >= 0) events[at] = event;
      else events.push(event);
    }
    this.dataSets.set(name, events);
  }

  /** Makes the next `times` LookupEvents calls fail as described. */
  failNext(failure: InjectedCloudTrailFailure, times = 1): void {
    this.log.failNext('LookupEvents', failure, times);
  }

  async stop(): Promise<void> {
    this.log.close();
    await this.server.stop();
  }

  /** The most specific data set for the caller: key and region, key, region, then everyone's. */
  private eventsFor(accessKeyId: string | undefined, region: string | undefined): LookupEvent[] {
    const keys: DataSetKey[] = [{ accessKeyId, region }, { accessKeyId }, { region }, {}];
    for (const key of keys) {
      const events = this.dataSets.get(dataSetName(key));
      if (events) return events;
    }
    return [];
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const target = request.headers['x-amz-target'];
    const operation =
      typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : String(target);
    let body: Record<string, unknown> = {};
    let answer: Answer | undefined;
    try {
      const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        body = parsed as Record<string, unknown>;
      } else answer = errorAnswer('SerializationException', 'Request body must be a JSON object');
    } catch (error) {
      answer = errorAnswer('SerializationException', `Request body is not JSON: ${String(error)}`);
    }
    // Credential=<key>/<date>/<region>/<service>/aws4_request
    const credential = /Credential=([^/,\s]+)\/[^/]+\/([^/]+)\//.exec(request.headers.authorization ?? '');
    const call: RecordedCloudTrailCall = {
      operation,
      body,
      status: 200,
      at: Date.now(),
      ...(credential && { accessKeyId: credential[1]!, region: credential[2]! }),
    };
    const failure = this.log.takeFailure(operation);
    if (failure) {
      answer =
        'status' in failure
          ? errorAnswer('InternalFailure', 'emulated server error', failure.status)
          : errorAnswer(failure.type, failure.type === 'ThrottlingException' ? 'Rate exceeded' : 'emulated');
    }
    answer ??= this.answer(request, operation, body, call);
    const error = typeof answer.body.__type === 'string' ? answer.body.__type : undefined;
    const events = Array.isArray(answer.body.Events) ? answer.body.Events.length : undefined;
    this.log.record({
      ...call,
      status: answer.status,
      ...(error !== undefined && { error }),
      ...(events !== undefined && { events }),
      ...(failure && { failed: true as const }),
    });
    sendJson(response, answer.status, answer.body, {
      'Content-Type': CONTENT_TYPE,
      'x-amzn-RequestId': randomUUID(),
    });
  }

  private answer(
    request: IncomingMessage,
    operation: string,
    body: Record<string, unknown>,
    call: RecordedCloudTrailCall,
  ): Answer {
    if (request.method !== 'POST' || new URL(request.url ?? '/', this.url).pathname !== '/') {
      return errorAnswer('UnknownOperationException', 'Only POST / is served', 404);
    }
    if (!(request.headers['content-type'] ?? '').startsWith(CONTENT_TYPE)) {
      return errorAnswer('UnknownOperationException', `Content-Type must be ${CONTENT_TYPE}`);
    }
    if (call.accessKeyId === undefined) {
      return errorAnswer('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    }
    if (operation !== 'LookupEvents') {
      return errorAnswer('UnknownOperationException', `The emulator does not serve ${operation}`);
    }
    const page = lookupPage(this.eventsFor(call.accessKeyId, call.region), body, this.serverPageSize);
    return 'error' in page ? errorAnswer(page.error, page.message) : { status: 200, body: page };
  }
}

function dataSetName(key: DataSetKey): string {
  return `${key.accessKeyId ?? ANY}|${key.region ?? ANY}`;
}
