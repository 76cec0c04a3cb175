// A local stand-in for the AWS Health API that an unmodified @aws-sdk/client-health talks to (point it
// here with AWS_ENDPOINT_URL_HEALTH or the client's `endpoint`). It speaks the AWS JSON 1.1 protocol:
// `POST /`, `X-Amz-Target: AWSHealth_20160804.<Operation>`, `Content-Type: application/x-amz-json-1.1`,
// errors as HTTP 400 with a `__type`. Requests must be SigV4-signed (the signature is not checked).
// It can answer as an account without a Business, Enterprise On-Ramp or Enterprise support plan does
// (SubscriptionRequiredException on every call), throttle, fail or hang.
//
// Usage:
//   const health = await AwsHealthEmulator.start();
//   health.putEvent({ arn, service: 'EC2', eventTypeCode, eventTypeCategory: 'scheduledChange', ... });
//   new HealthClient({ endpoint: health.url, region: 'us-east-1' });
//   health.failNext('DescribeEvents', { type: 'ThrottlingException' });
//   await health.stop();
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallLog } from '../call-log.js';
import { LoopbackServer, readBody, sendJson } from '../loopback-server.js';
import {
  HealthApiError,
  HealthEvents,
  type HealthEventSeed,
  type StoredHealthEvent,
} from './health-events.js';

export type { HealthEventSeed, StoredHealthEvent, EventTypeCategory } from './health-events.js';

const TARGET_PREFIX = 'AWSHealth_20160804.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const SUBSCRIPTION_REQUIRED = 'AWS Premium Support Subscription is required to use this service.';

export interface RecordedHealthCall {
  /** The operation from X-Amz-Target (`DescribeEvents`), or the raw header when it was not one. */
  operation: string;
  /** The parsed JSON request. */
  body: Record<string, unknown>;
  /** The access key id from the SigV4 Authorization header. */
  accessKeyId?: string;
  /** The SigV4 credential scope: `<date>/<region>/<service>/aws4_request`. */
  scope?: string;
  /** HTTP status answered, or 'hung'. */
  status: number | 'hung';
  /** The `__type` answered with, for errors. */
  error?: string;
  /** Set when failNext() or requireSubscription() made this call fail. */
  failed?: true;
  at: number;
}

export type InjectedHealthFailure =
  | { type: 'ThrottlingException' | 'SubscriptionRequiredException' }
  | { status: 500 | 503 }
  /** Accept the request and never answer it (until stop()). */
  | { hang: true };

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

function errorAnswer(type: string, message: string, status = 400): Answer {
  return { status, body: { __type: type, message } };
}

export class AwsHealthEmulator {
  private readonly events = new HealthEvents();
  private readonly log = new CallLog<RecordedHealthCall, string, InjectedHealthFailure>(
    (call) => call.operation,
    (call) => `${call.operation} (${call.error ?? call.status})`,
    'AWS Health',
  );
  private subscriptionRequired = false;

  private constructor(private readonly server: LoopbackServer) {}

  static async start(): Promise<AwsHealthEmulator> {
    // The server exists before the emulator that answers its requests.
    const ref: { current?: AwsHealthEmulator } = {};
    const server = await LoopbackServer.start('AWS Health', (request, response) =>
      ref.current!.handle(request, response),
    );
    const emulator = new AwsHealthEmulator(server);
    ref.current = emulator;
    return emulator;
  }

  /** The endpoint, `http://127.0.0.1:PORT`: AWS_ENDPOINT_URL_HEALTH or the client's `endpoint`. */
  get url(): string {
    return this.server.url;
  }

  get calls(): readonly RecordedHealthCall[] {
    return this.log.calls;
  }

  callsTo(operation: string): RecordedHealthCall[] {
    return this.log.callsTo(operation);
  }

  waitForCall(
    operation: string,
    predicate: (call: RecordedHealthCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedHealthCall> {
    return this.log.waitFor(operation, predicate, timeoutMs);
  }

  /** Adds an event, or updates the one with the same ARN (its lastUpdatedTime moves on). */
  putEvent(seed: HealthEventSeed): StoredHealthEvent {
    return this.events.put(seed);
  }

  removeEvent(arn: string): void {
    this.events.remove(arn);
  }

  /** Answers every call as for an account without a Business/Enterprise support plan, until turned off. */
  requireSubscription(required = true): void {
    this.subscriptionRequired = required;
  }

  /** Makes the next `times` calls to `operation` fail as described. */
  failNext(operation: string, failure: InjectedHealthFailure, times = 1): void {
    this.log.failNext(operation, failure, times);
  }

  /** Forgets recorded calls and queued failures; events are kept. */
  reset(): void {
    this.log.clear();
    this.log.clearFailures();
  }

  async stop(): Promise<void> {
    this.log.close();
    await this.server.stop();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const target = request.headers['x-amz-target'];
    const operation =
      typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : String(target);
    let body: Record<string, unknown> = {};
    let bodyError: Answer | undefined;
    try {
      const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        body = parsed as Record<string, unknown>;
      } else bodyError = errorAnswer('SerializationException', 'Request body must be a JSON object');
    } catch (error) {
      bodyError = errorAnswer('SerializationException', `Request body is not JSON: ${String(error)}`);
    }
    const credential = /Credential=([^/,\s]+)\/([^,\s]+)/.exec(request.headers.authorization ?? '');
    const call: RecordedHealthCall = {
      operation,
      body,
      status: 200,
      at: Date.now(),
      ...(credential && { accessKeyId: credential[1]!, scope: credential[2]! }),
    };

    const failure = this.log.takeFailure(operation);
    if (failure && 'hang' in failure) {
      this.server.hold(response);
      this.log.record({ ...call, status: 'hung', failed: true });
      return;
    }
    let answer: Answer;
    let injected = false;
    if (failure) {
      injected = true;
      if ('status' in failure)
        answer = errorAnswer('InternalFailure', 'emulated server error', failure.status);
      else if (failure.type === 'ThrottlingException') answer = errorAnswer(failure.type, 'Rate exceeded');
      else answer = errorAnswer(failure.type, SUBSCRIPTION_REQUIRED);
    } else if (this.subscriptionRequired) {
      injected = true;
      answer = errorAnswer('SubscriptionRequiredException', SUBSCRIPTION_REQUIRED);
    } else {
      answer = bodyError ?? this.answer(request, operation, body, credential !== null);
    }
    const error = typeof answer.body.__type === 'string' ? answer.body.__type : undefined;
    this.log.record({
      ...call,
      status: answer.status,
      ...(error !== undefined && { error }),
      ...(injected && { failed: true as const }),
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
    signed: boolean,
  ): Answer {
    if (request.method !== 'POST' || new URL(request.url ?? '/', this.url).pathname !== '/') {
      return errorAnswer('UnknownOperationException', 'Only POST / is served', 404);
    }
    if (!(request.headers['content-type'] ?? '').startsWith(CONTENT_TYPE)) {
      return errorAnswer('UnknownOperationException', `Content-Type must be ${CONTENT_TYPE}`);
    }
    if (!signed) {
      return errorAnswer('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    }
    try {
      if (operation === 'DescribeEvents') return { status: 200, body: this.events.describeEvents(body) };
      if (operation === 'DescribeEventDetails') {
        return { status: 200, body: this.events.describeEventDetails(body) };
      }
    } catch (error) {
      if (error instanceof HealthApiError) return errorAnswer(error.type, error.message);
      throw error;
    }
    return errorAnswer('UnknownOperationException', `The emulator does not serve ${operation}`);
  }
}
