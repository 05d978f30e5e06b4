/**
 * A pack YAML file parsed with a line counter, so every value can be traced back to a line
 * and column: problems point at `rules/x.yaml:12:5`, not just at the file.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import type { PackProblem, ProblemSink } from './problems.ts';
import { checkYamlShape } from './yaml-shape.ts';

/** A path into a YAML document: map keys and sequence indexes. */
export type FieldPath = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

/** A parsed file: its plain value and a way to find where any part of it is written. */
export interface YamlFile {
  /** Relative path with forward slashes. */
  readonly file: string;
  /** The document as plain data (YAML 1.2 core schema). */
  readonly value: unknown;
  /** Where the node at `path` is (its key with `at: 'key'`); the nearest existing ancestor otherwise. */
  locate(path: FieldPath, at?: 'key' | 'value'): Position;
  /**
   * Where character `offset` of the string at `path` is in the file, when the scalar is written so
   * that this can be known (plain, quoted without escapes, or a literal block); else the scalar's
   * start.
   */
  locateInString(path: FieldPath, offset: number): Position;
}

/** Aliases are expanded at most this many times: a "billion laughs" file stops here. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses `text`; reports every syntax error (and YAML warnings) to `sink` and returns null when
 * there was any error, so a half-read file never reaches the model. Duplicate keys, anchors and
 * aliases are checked by yaml-shape.ts in one pass: the library's own duplicate-key check
 * compares each key with every earlier one, which a file of 40 000 keys turns into minutes.
 */
export function parseYamlFile(file: string, text: string, sink: ProblemSink): YamlFile | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const report = (list: typeof doc.errors, kind: 'error' | 'warn'): void => {
    for (const e of list) {
      const problem: PackProblem = {
        file,
        ...at(e.pos[0]),
        field: 'yaml',
        message: e.message
          .split('\n')[0]!
          .replace(/ at line \d+, column \d+:?$/, '')
          // The library's advice is for programmers; a pack author needs the fact.
          .replace(
            /^Source contains multiple documents.*$/,
            'one file holds one document; this one has several (---)',
          ),
      };
      if (kind === 'error') sink.error(problem);
      else sink.warn(problem);
    }
  };
  report(doc.errors, 'error');
  report(doc.warnings, 'warn');
  if (doc.errors.length > 0) return null;
  const shapeProblems = checkYamlShape(doc.contents, (offset) => at(offset).line);
  for (const p of shapeProblems) sink.error({ file, ...at(p.offset), field: 'yaml', message: p.message });
  if (shapeProblems.length > 0) return null;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    sink.error({ file, line: 1, column: 1, field: 'yaml', message: (err as Error).message });
    return null;
  }

  // Each mapping's keys are indexed once, so locating a problem per key stays linear.
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, seg: string | number): Pair | undefined => {
    let index = indexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const p of map.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        const k = String((p.key as Scalar).value);
        if (!index.has(k)) index.set(k, p);
      }
      indexes.set(map, index);
    }
    return index.get(String(seg));
  };

  const find = (path: FieldPath): { node: Node | null; key: Node | null; depth: number } => {
    let node: unknown = doc.contents;
    let key: Node | null = null;
    let depth = 0;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = pairOf(node, seg);
        if (pair === undefined) break;
        key = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) break;
        key = item as Node;
        node = item;
      } else {
        break;
      }
      depth++;
    }
    return { node: (node as Node | null) ?? null, key, depth };
  };

  const startOf = (n: Node | null): Position => (n?.range ? at(n.range[0]) : { line: 1, column: 1 });

  return {
    file,
    value,
    locate(path, where = 'value') {
      const { node, key, depth } = find(path);
      // A missing key is reported where its parent is; a found one at its key or its value.
      if (depth < path.length || where === 'key') return key ? startOf(key) : startOf(node);
      return node ? startOf(node) : startOf(key);
    },
    locateInString(path, offset) {
      const { node, depth } = find(path);
      if (depth < path.length || !isScalar(node) || typeof node.value !== 'string' || !node.range) {
        return this.locate(path);
      }
      return at(scalarOffset(text, node as Scalar<string>, offset) ?? node.range[0]);
    },
  };
}

/** Offset in the file of character `offset` of a string scalar's value, when knowable. */
function scalarOffset(text: string, node: Scalar<string>, offset: number): number | null {
  const [start, end] = node.range!;
  const raw = text.slice(start, end);
  const value = node.value;
  switch (node.type) {
    case 'PLAIN':
      return raw === value ? start + offset : null;
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return raw.slice(1, -1) === value ? start + 1 + offset : null;
    case 'BLOCK_LITERAL': {
      // Header line (`|`, `|-`, `|2`), then the value's lines, each indented alike.
      const headerEnd = raw.indexOf('\n');
      if (headerEnd < 0) return null;
      const body = raw.slice(headerEnd + 1);
      const indent = /^( *)/.exec(body.split('\n').find((l) => l.trim() !== '') ?? '')?.[1]?.length ?? 0;
      const before = value.slice(0, offset);
      const lineIndex = before.split('\n').length - 1;
      const column = offset - (before.lastIndexOf('\n') + 1);
      const lines = body.split('\n');
      let pos = start + headerEnd + 1;
      for (let i = 0; i < lineIndex; i++) pos += (lines[i]?.length ?? 0) + 1;
      return pos + indent + column;
    }
    default:
      return null;
  }
}
