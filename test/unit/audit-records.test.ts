// Reading audit records for replay: every file shape an operator has at hand (JSON arrays,
// CloudTrail S3 files gzipped or not, Graph and Reports pages, JSONL), cut into records without
// holding the document, whatever the chunk boundaries; broken input is reported, never guessed at.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { JsonRecordScanner } from '../../src/sources/audit/json-record-scanner.js';
import { readRecords, type RecordProblem } from '../../src/sources/audit/records.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const records = [
  { eventID: 'a', eventName: 'StopLogging', requestParameters: { name: 'trail "x" [1] {y}' } },
  {
    eventID: 'b',
    eventName: 'DeleteTrail',
    resources: [{ ARN: 'arn:aws:cloudtrail:x' }],
    note: 'Records: [',
  },
  { eventID: 'c', nested: { value: [1, 2, { items: [] }] }, text: '\\"\\' },
];

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  temp = makeTempDir();
});
afterAll(() => temp.cleanup());

async function read(
  name: string,
  content: string | Buffer,
): Promise<{ records: unknown[]; problems: RecordProblem[] }> {
  const file = path.join(temp.path, name);
  writeFileSync(file, content);
  const problems: RecordProblem[] = [];
  const out: unknown[] = [];
  for await (const record of readRecords(file, { onProblem: (problem) => problems.push(problem) }))
    out.push(record);
  return { records: out, problems };
}

describe('file shapes', () => {
  it.each([
    ['a pretty-printed JSON array', JSON.stringify(records, null, 2)],
    ['a one-line JSON array', JSON.stringify(records)],
    ['a CloudTrail S3 file', JSON.stringify({ Records: records })],
    ['a pretty CloudTrail S3 file', JSON.stringify({ Records: records }, null, 4)],
    [
      'a Graph page with @odata.context first and nextLink after',
      JSON.stringify(
        { '@odata.context': 'https://graph/x', value: records, '@odata.nextLink': 'https://graph/next' },
        null,
        2,
      ),
    ],
    [
      'a Reports page',
      JSON.stringify(
        { kind: 'admin#reports#activities', etag: '"e"', items: records, nextPageToken: 't' },
        null,
        1,
      ),
    ],
    ['JSONL', records.map((record) => JSON.stringify(record)).join('\n')],
    [
      'JSONL with CRLF and blank lines',
      `\r\n${records.map((record) => JSON.stringify(record)).join('\r\n\r\n')}\r\n`,
    ],
    [
      'JSONL of pages',
      `${JSON.stringify({ value: records.slice(0, 2) })}\n${JSON.stringify({ value: records.slice(2) })}\n`,
    ],
  ])('reads %s', async (_name, content) => {
    const result = await read('shape.json', content);
    expect(result.problems).toEqual([]);
    expect(result.records).toEqual(records);
  });

  it('reads a single pretty-printed record as one record', async () => {
    const result = await read('single.json', JSON.stringify(records[0], null, 2));
    expect(result.records).toEqual([records[0]]);
  });

  it('gunzips a file that starts with the gzip magic bytes, whatever its name', async () => {
    const result = await read(
      'delivered-by-s3.json',
      gzipSync(JSON.stringify({ Records: records }, null, 2)),
    );
    expect(result.records).toEqual(records);
  });

  it('skips values that are not objects', async () => {
    const result = await read(
      'mixed.json',
      JSON.stringify([1, 'two', records[0], null, [records[1]], records[2]], null, 1),
    );
    expect(result.records).toEqual([records[0], records[2]]);
  });
});

describe('broken input', () => {
  it('reports a bad JSONL line with its number and goes on', async () => {
    const result = await read(
      'bad.jsonl',
      `${JSON.stringify(records[0])}\n{"eventID": }\n${JSON.stringify(records[1])}\n`,
    );
    expect(result.records).toEqual([records[0], records[1]]);
    expect(result.problems).toEqual([
      { where: 'line 2', message: expect.objectContaining({ en: expect.stringMatching(/^not valid JSON/) }) },
    ]);
  });

  it('reports a bad record of a document with its number and goes on', async () => {
    const result = await read(
      'bad.json',
      `[\n${JSON.stringify(records[0])},\n{"eventID": tru},\n${JSON.stringify(records[1])}\n]`,
    );
    expect(result.records).toEqual([records[0], records[1]]);
    expect(result.problems.map((problem) => problem.where)).toEqual(['record 2']);
  });

  it('refuses a document cut short, after the records before the cut', async () => {
    const text = JSON.stringify({ Records: records }, null, 2);
    const out: unknown[] = [];
    const file = path.join(temp.path, 'cut.json');
    writeFileSync(file, text.slice(0, text.length - 40));
    await expect(
      (async () => {
        for await (const record of readRecords(file)) out.push(record);
      })(),
    ).rejects.toThrow(UserInputError);
    expect(out).toEqual(records.slice(0, 2));
  });

  it('refuses unbalanced brackets with their position', () => {
    const scanner = new JsonRecordScanner();
    scanner.push('[{"a": 1}, {"b": [2}]');
    expect(scanner.finish()).toEqual({ offset: 19, reason: 'unbalanced' });
  });

  it('refuses a missing file with a clear message', async () => {
    const iterate = async () => {
      for await (const _ of readRecords(path.join(temp.path, 'missing.json'))) void _;
    };
    await expect(iterate()).rejects.toThrow(/Cannot open .*missing\.json \(ENOENT\)/);
  });
});

describe('the record scanner', () => {
  const arbitraryRecord = fc.dictionary(
    fc.constantFrom('eventID', 'eventName', 'Records', 'value', 'items', 'x'),
    fc.jsonValue({ maxDepth: 3 }),
  );

  it('cuts the same records whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryRecord, { maxLength: 6 }),
        fc.constantFrom('array', 'Records', 'value', 'lines'),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 20 }),
        (generated, shape, cuts) => {
          // A top-level object holding a Records/value/items array is a page, not a record (by design).
          const isPage = (item: Record<string, unknown>) =>
            ['Records', 'value', 'items'].some((key) => Array.isArray(item[key]));
          const items = shape === 'lines' ? generated.filter((item) => !isPage(item)) : generated;
          const text =
            shape === 'array'
              ? JSON.stringify(items, null, 1)
              : shape === 'lines'
                ? items.map((item) => JSON.stringify(item, null, 2)).join('\n')
                : JSON.stringify({ meta: { Records: 'no' }, [shape]: items, after: [{ not: 'a record' }] });
          const scanner = new JsonRecordScanner();
          const texts: string[] = [];
          let at = 0;
          for (let i = 0; at < text.length; i++) {
            const size = cuts[i % cuts.length]!;
            texts.push(...scanner.push(text.slice(at, at + size)));
            at += size;
          }
          expect(scanner.finish()).toBeUndefined();
          expect(texts.map((t) => JSON.parse(t) as unknown)).toEqual(JSON.parse(JSON.stringify(items)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps only the unfinished record in memory', () => {
    const scanner = new JsonRecordScanner();
    const big = JSON.stringify({
      Records: Array.from({ length: 2000 }, (_, i) => ({ eventID: `e${i}`, pad: 'x'.repeat(100) })),
    });
    let count = 0;
    let most = 0;
    for (let at = 0; at < big.length; at += 4096) {
      count += scanner.push(big.slice(at, at + 4096)).length;
      most = Math.max(most, scanner.pendingChars());
    }
    expect(count).toBe(2000);
    expect(most).toBeLessThan(4096 + 200);
  });
});
