// YAML read for people: parsed with a line counter so that every problem (a syntax error, a
// schema violation, a broken reference) can be reported as file:line:column with the field's
// path. Shared by tsunagi.yaml and the playbooks.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { ConfigProblem } from '../errors.js';

export type YamlPath = readonly (string | number)[];

export interface YamlSource {
  readonly file: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** YAML syntax errors, each with its position; empty when the text parsed. */
  readonly syntaxProblems: ConfigProblem[];
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxProblems = doc.errors.map((error) => {
    const pos = lineCounter.linePos(error.pos[0]);
    return {
      file,
      line: pos.line,
      column: pos.col,
      message: {
        ja: `YAML の書式が正しくありません: ${error.message}`,
        en: `Invalid YAML: ${error.message}`,
      },
    };
  });
  return { file, doc, lineCounter, syntaxProblems };
}

/** A problem at the node the path names (or its nearest existing parent); `atKey` points at the key. */
export function problemAt(
  source: YamlSource,
  path: YamlPath,
  message: ConfigProblem['message'],
  atKey = false,
): ConfigProblem {
  const field = formatField(path);
  const offset = offsetOf(source.doc, path, atKey);
  const position = offset === undefined ? undefined : source.lineCounter.linePos(offset);
  return {
    file: source.file,
    ...(position ? { line: position.line, column: position.col } : {}),
    ...(field ? { field } : {}),
    message,
  };
}

/** The offset of the deepest node on the path that exists (a missing key points at its parent). */
function offsetOf(doc: Document, path: YamlPath, atKey: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key),
      );
      if (!pair) break;
      const value = pair.value as Node | null;
      offset = (atKey ? undefined : value?.range?.[0]) ?? (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
      continue;
    }
    if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (item === undefined) break;
      node = item;
      offset = item.range?.[0] ?? offset;
      continue;
    }
    break;
  }
  return offset;
}

/** `people[4].party` from ['people', 4, 'party']. */
export function formatField(path: YamlPath): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key),
    '',
  );
}
