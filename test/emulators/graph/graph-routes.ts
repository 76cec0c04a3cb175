// The shapes of the Graph emulator's route table and call log, and the error answers Graph gives
// (`{ "error": { "code", "message", "innerError" } }`, with Retry-After when throttling).
import type { IncomingMessage } from 'node:http';

export interface RecordedGraphCall {
  /** The route's name: 'token', 'messages', 'issues', … or 'unknown'. */
  route: string;
  method: string;
  /** The path as sent, without the query. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** The bearer token sent, if any (for 'token': the form fields other than client_secret). */
  token?: string;
  form?: Record<string, string>;
  status: number | 'hung';
  /** The Graph error code (or OAuth error) answered with. */
  error?: string;
  failed?: true;
  at: number;
}

export type InjectedGraphFailure =
  { status: 429 | 503; retryAfterSeconds?: number } | { status: 500 | 502 | 504 } | { hang: true };

export interface GraphAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface GraphRouteRequest {
  request: IncomingMessage;
  url: URL;
  body: string;
}

export interface GraphRoute {
  /** Names the route in the call log and in failNext(). */
  readonly name: string;
  readonly method: 'GET' | 'POST';
  /** Matched against the path; e.g. /^\/v1\.0\/admin\/serviceAnnouncement\/messages$/. */
  readonly path: RegExp;
  /** Whether a Graph bearer token is required (true unless it is the token endpoint itself). */
  readonly authenticated: boolean;
  readonly handle: (request: GraphRouteRequest, match: RegExpExecArray) => GraphAnswer;
}

export function graphError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): GraphAnswer {
  return {
    status,
    body: {
      error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': 'emulated' } },
    },
    ...(headers && { headers }),
  };
}

export function failureAnswer(failure: Exclude<InjectedGraphFailure, { hang: true }>): GraphAnswer {
  const headers: Record<string, string> = {};
  if ('retryAfterSeconds' in failure && failure.retryAfterSeconds !== undefined) {
    headers['Retry-After'] = String(failure.retryAfterSeconds);
  }
  if (failure.status === 429) {
    return graphError(429, 'TooManyRequests', 'Too many requests. Please try again later.', headers);
  }
  if (failure.status === 503) return graphError(503, 'ServiceUnavailable', 'Service unavailable.', headers);
  return graphError(failure.status, 'generalException', 'An emulated server error occurred.', headers);
}
