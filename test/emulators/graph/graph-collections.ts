// A Microsoft Graph collection as the list endpoints serve it: `{ "@odata.context", "value": [...],
// "@odata.nextLink" }`, with `$top` (and `Prefer: odata.maxpagesize`), server-driven paging through
// `$skip` in the next link, and the simple `$filter` clauses the Tsunagi pollers send
// (`<field> gt|ge|lt|le|eq <value>`, joined by `and`). Issue 7's audit-log lists reuse it.

export type GraphItem = Record<string, unknown> & { id: string };

export interface CollectionAnswer {
  status: number;
  body: Record<string, unknown>;
}

const OPERATORS = new Set(['gt', 'ge', 'lt', 'le', 'eq', 'ne']);
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

interface Clause {
  field: string;
  operator: string;
  value: string | number | boolean;
}

function badRequest(message: string): CollectionAnswer {
  return { status: 400, body: { error: { code: 'BadRequest', message } } };
}

/** Parses `a ge 2024-01-01T00:00:00Z and b eq 'x'`; undefined when it is not that simple form. */
export function parseFilter(filter: string): Clause[] | undefined {
  const clauses: Clause[] = [];
  for (const part of filter.split(/\s+and\s+/i)) {
    const match = /^\s*([A-Za-z][\w/]*)\s+(\w+)\s+(.+?)\s*$/.exec(part);
    if (!match || !OPERATORS.has(match[2]!.toLowerCase())) return undefined;
    const raw = match[3]!;
    let value: string | number | boolean;
    if (/^'.*'$/.test(raw)) value = raw.slice(1, -1).replace(/''/g, "'");
    else if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
    else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(raw)) value = raw;
    else return undefined;
    clauses.push({ field: match[1]!, operator: match[2]!.toLowerCase(), value });
  }
  return clauses;
}

function compare(left: unknown, right: string | number | boolean): number | undefined {
  if (typeof right === 'string' && typeof left === 'string') {
    const a = Date.parse(left);
    const b = Date.parse(right);
    if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
    return left < right ? -1 : left > right ? 1 : 0;
  }
  if (typeof right === 'number' && typeof left === 'number') return left - right;
  if (typeof right === 'boolean' && typeof left === 'boolean') return left === right ? 0 : 1;
  return undefined;
}

function satisfies(item: GraphItem, clause: Clause): boolean {
  const order = compare(item[clause.field], clause.value);
  if (order === undefined) return false;
  switch (clause.operator) {
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
    case 'ne':
      return order !== 0;
    default:
      return order === 0;
  }
}

function pageSize(url: URL, prefer: string | undefined, serverLimit: number | undefined): number | string {
  const top = url.searchParams.get('$top');
  let size = DEFAULT_PAGE_SIZE;
  const preferred = /odata\.maxpagesize=(\d+)/.exec(prefer ?? '');
  if (preferred) size = Math.min(Number(preferred[1]), MAX_PAGE_SIZE);
  if (top !== null) {
    if (!/^\d+$/.test(top) || Number(top) < 1) return `Invalid value '${top}' for $top.`;
    size = Math.min(Number(top), MAX_PAGE_SIZE);
  }
  return serverLimit === undefined ? size : Math.min(size, serverLimit);
}

export interface CollectionRequest {
  /** The full request URL (with the emulator's origin). */
  url: URL;
  /** The `Prefer` header. */
  prefer?: string;
  /** The `@odata.context` value. */
  context: string;
  /** A server-side page size cap (real Graph may return fewer items than $top asks for). */
  serverPageSize?: number;
  /** Items newest first by this field before paging. */
  orderBy: string;
}

/** One page of `items` for the request. */
export function listCollection(items: readonly GraphItem[], request: CollectionRequest): CollectionAnswer {
  const { url } = request;
  const filter = url.searchParams.get('$filter');
  const clauses = filter === null ? [] : parseFilter(filter);
  if (clauses === undefined) return badRequest(`Invalid filter clause: ${filter}`);
  const size = pageSize(url, request.prefer, request.serverPageSize);
  if (typeof size === 'string') return badRequest(size);
  const skipText = url.searchParams.get('$skip') ?? '0';
  if (!/^\d+$/.test(skipText)) return badRequest(`Invalid value '${skipText}' for $skip.`);
  const skip = Number(skipText);

  const field = request.orderBy;
  const matching = items
    .filter((item) => clauses.every((clause) => satisfies(item, clause)))
    .sort((a, b) => (compare(b[field], String(a[field])) ?? 0) || a.id.localeCompare(b.id));
  const page = matching.slice(skip, skip + size);
  const body: Record<string, unknown> = { '@odata.context': request.context, value: page };
  if (skip + size < matching.length) {
    // The query as the client sent it, with $skip moved on (Graph echoes the caller's query this way).
    const kept = url.search
      .slice(1)
      .split('&')
      .filter((part) => part !== '' && !/^(\$|%24)skip=/i.test(part));
    body['@odata.nextLink'] = `${url.origin}${url.pathname}?${[...kept, `$skip=${skip + size}`].join('&')}`;
  }
  return { status: 200, body };
}
