// Cuts a stream of JSON text into its records without holding the whole document: the objects of a
// top-level array (`[{…}, {…}]`), the objects of a top-level object's `Records` (CloudTrail files as
// delivered to S3), `value` (Microsoft Graph pages) or `items` (Google Reports pages) array, or
// top-level objects one after another. Each record's text is handed back for JSON.parse, so memory is
// bounded by the largest record, not the file. Values that are not objects are skipped.

export const RECORD_CONTAINER_KEYS: ReadonlySet<string> = new Set(['Records', 'value', 'items']);

const OPEN_OBJECT = 123; // {
const CLOSE_OBJECT = 125; // }
const OPEN_ARRAY = 91; // [
const CLOSE_ARRAY = 93; // ]
const QUOTE = 34; // "
const BACKSLASH = 92; // \
const COLON = 58; // :
const COMMA = 44; // ,

/** Why the scanner stopped early; `offset` counts characters from the start of the text. */
export interface ScanFailure {
  readonly offset: number;
  readonly reason: 'unbalanced' | 'truncated';
}

export class JsonRecordScanner {
  private carry = '';
  private consumed = 0; // characters before `carry`
  private readonly stack: number[] = [];
  private inString = false;
  private escaped = false;
  private captureStart = -1;
  private captureDepth = 0;
  private topIsArray = false;
  /** Depth (stack length) at which records open inside a container array, or -1. */
  private containerDepth = -1;
  private expectKey = false;
  private keyStart = -1;
  private lastKey: string | undefined;
  private pendingContainerKey: string | undefined;
  private failed: ScanFailure | undefined;

  /** Feeds the next piece of text; returns the texts of the records it completed. */
  push(chunk: string): string[] {
    if (this.failed) return [];
    const text = this.carry + chunk;
    const records: string[] = [];
    const stack = this.stack;
    for (let i = this.carry.length; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyStart >= 0) {
            this.lastKey = text.slice(this.keyStart + 1, i);
            this.keyStart = -1;
          }
        }
        continue;
      }
      if (c <= 32) continue;
      const pending = this.pendingContainerKey;
      if (pending !== undefined && c !== COLON) {
        this.pendingContainerKey = undefined;
        if (c === OPEN_ARRAY && RECORD_CONTAINER_KEYS.has(pending) && stack.length === 1) {
          // The top-level object is a container: its own text is not a record, its array's objects are.
          this.containerDepth = 2;
          this.captureStart = -1;
        }
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          if (this.expectKey && stack.length === 1 && !this.topIsArray) {
            this.keyStart = i;
            this.expectKey = false;
          }
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY: {
          const depth = stack.length;
          if (depth === 0) {
            this.topIsArray = c === OPEN_ARRAY;
            this.containerDepth = -1;
            if (c === OPEN_OBJECT) this.startCapture(i, 0);
          } else if (
            c === OPEN_OBJECT &&
            this.captureStart < 0 &&
            ((this.topIsArray && depth === 1) || depth === this.containerDepth)
          ) {
            this.startCapture(i, depth);
          }
          stack.push(c);
          if (c === OPEN_OBJECT && stack.length === 1) this.expectKey = true;
          break;
        }
        case CLOSE_OBJECT:
        case CLOSE_ARRAY: {
          const open = stack.pop();
          if (open !== (c === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY)) {
            this.failed = { offset: this.consumed + i, reason: 'unbalanced' };
            return records;
          }
          if (this.captureStart >= 0 && stack.length === this.captureDepth) {
            records.push(text.slice(this.captureStart, i + 1));
            this.captureStart = -1;
          }
          if (stack.length < this.containerDepth) this.containerDepth = -1;
          break;
        }
        case COLON:
          if (stack.length === 1 && !this.topIsArray) this.pendingContainerKey = this.lastKey;
          break;
        case COMMA:
          if (stack.length === 1 && !this.topIsArray) this.expectKey = true;
          break;
        default:
          break;
      }
    }
    this.keep(text);
    return records;
  }

  /** Characters held for a record not finished yet. */
  pendingChars(): number {
    return this.carry.length;
  }

  /** Call at the end of the text: a failure when it was malformed or ended inside a value. */
  finish(): ScanFailure | undefined {
    if (this.failed) return this.failed;
    if (this.stack.length > 0 || this.inString) {
      return { offset: this.consumed + this.carry.length, reason: 'truncated' };
    }
    return undefined;
  }

  private startCapture(at: number, depth: number): void {
    this.captureStart = at;
    this.captureDepth = depth;
  }

  /** Keeps only the text an unfinished record or key still needs. */
  private keep(text: string): void {
    const marks = [this.captureStart, this.keyStart].filter((mark) => mark >= 0);
    const from = marks.length > 0 ? Math.min(...marks) : text.length;
    this.carry = text.slice(from);
    this.consumed += from;
    if (this.captureStart >= 0) this.captureStart -= from;
    if (this.keyStart >= 0) this.keyStart -= from;
  }
}
