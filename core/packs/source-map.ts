/**
 * Where each normalised field was written. The model names fields canonically
 * (`entry_point`, `trigger_params.expression`), the files may not (`entrypoint`,
 * `trigger.parameters.expression` in a StackStorm rule); normalisers record the spelling they
 * read, and rewrites (`trigger.x` → `event.payload.x`) record how to map a position back, so
 * validation can point at the exact line and column the user wrote.
 */
import type { FieldPath, Position, YamlFile } from './yaml-source.ts';

/**
 * `action_params.to[0].name` → ['action_params', 'to', 0, 'name']; a bracketed JSON string
 * (`headers["X-Token"]`, as checkTemplates names odd keys) is one key.
 */
export function parseFieldPath(field: string): Array<string | number> {
  const out: Array<string | number> = [];
  let i = 0;
  let word = '';
  const flush = () => {
    if (word !== '') out.push(word);
    word = '';
  };
  while (i < field.length) {
    const c = field[i]!;
    if (c === '.') {
      flush();
      i++;
    } else if (c === '[') {
      flush();
      const num = /^\[(\d+)\]/.exec(field.slice(i));
      const str = /^\[("(?:[^"\\]|\\.)*")\]/.exec(field.slice(i));
      if (num !== null) {
        out.push(Number(num[1]));
        i += num[0].length;
      } else if (str !== null) {
        out.push(JSON.parse(str[1]!) as string);
        i += str[0].length;
      } else {
        word += c;
        i++;
      }
    } else {
      word += c;
      i++;
    }
  }
  flush();
  return out;
}

/** `a.b[0]` and `a.b.0` name the same field. */
function rewriteKey(file: string, field: string): string {
  return `${file}\u0000${parseFieldPath(field).join('\u0001')}`;
}

/** Positions of fields across a pack's files. */
export class PackSourceMap {
  readonly #files = new Map<string, YamlFile>();
  readonly #aliases = new Map<string, Array<{ field: FieldPath; path: FieldPath }>>();
  readonly #rewrites = new Map<string, (pos: number) => number>();

  addFile(yaml: YamlFile): void {
    this.#files.set(yaml.file, yaml);
  }

  file(file: string): YamlFile | undefined {
    return this.#files.get(file);
  }

  /** Records that canonical `field` (and everything under it) is written at `path` in `file`. */
  alias(file: string, field: string, path: FieldPath): void {
    const list = this.#aliases.get(file) ?? [];
    list.push({ field: parseFieldPath(field), path });
    // Longest prefixes first, so the most specific alias wins.
    list.sort((a, b) => b.field.length - a.field.length);
    this.#aliases.set(file, list);
  }

  /** Records how an offset in the rewritten string at `field` maps to the written one. */
  rewrite(file: string, field: string, toOriginal: (pos: number) => number): void {
    this.#rewrites.set(rewriteKey(file, field), toOriginal);
  }

  /** The YAML path where canonical `field` is written in `file`. */
  pathOf(file: string, field: string): FieldPath {
    const segs = parseFieldPath(field);
    for (const a of this.#aliases.get(file) ?? []) {
      if (a.field.length <= segs.length && a.field.every((s, i) => s === segs[i])) {
        return [...a.path, ...segs.slice(a.field.length)];
      }
    }
    return segs;
  }

  /**
   * Line and column of `field` in `file`; with `offset`, of that character inside the field's
   * string value. Unknown files (a model built in code) answer line 1, column 1.
   */
  position(file: string, field: string, offset?: number): Position {
    const yaml = this.#files.get(file);
    if (yaml === undefined) return { line: 1, column: 1 };
    const path = this.pathOf(file, field);
    if (offset === undefined) return yaml.locate(path);
    const back = this.#rewrites.get(rewriteKey(file, field));
    return yaml.locateInString(path, back ? back(offset) : offset);
  }
}
