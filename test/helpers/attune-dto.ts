/**
 * Checks a response object against an Attune DTO's required fields (test/fixtures/attune-dto):
 * returns one line per missing or mistyped field, so an assertion shows them all at once.
 */
import type { Dto, FieldSpec, JsonKind } from '../fixtures/attune-dto/responses.ts';

function kindOf(v: unknown, kind: JsonKind): boolean {
  switch (kind) {
    case 'int':
      return Number.isInteger(v);
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'datetime':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /T.*(Z|[+-]\d\d:\d\d)$/.test(v);
  }
}

function check(v: unknown, spec: FieldSpec): boolean {
  if (Array.isArray(spec)) return typeof v === 'string' && spec.includes(v);
  const s = spec as string;
  if (s.endsWith('?')) return v === null || kindOf(v, s.slice(0, -1) as JsonKind);
  return kindOf(v, s as JsonKind);
}

/** Problems of `value` against `dto`; empty when every required field is there with its type. */
export function dtoProblems(value: unknown, dto: Dto, where = 'value'): string[] {
  if (typeof value !== 'object' || value === null) return [`${where} is not an object`];
  const o = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [field, spec] of Object.entries(dto)) {
    if (!(field in o)) {
      problems.push(`${where}.${field} is missing`);
      continue;
    }
    if (!check(o[field], spec))
      problems.push(`${where}.${field} is ${JSON.stringify(o[field])}, not ${String(spec)}`);
  }
  return problems;
}

/** Problems of an Attune list envelope `{items, pagination}` whose items are `item`s. */
export function listProblems(body: unknown, item: Dto, pagination: Dto): string[] {
  if (typeof body !== 'object' || body === null) return ['body is not an object'];
  const b = body as { items?: unknown; pagination?: unknown };
  if (!Array.isArray(b.items)) return ['body.items is not an array'];
  return [
    ...dtoProblems(b.pagination, pagination, 'pagination'),
    ...b.items.flatMap((x, i) => dtoProblems(x, item, `items[${i}]`)),
  ];
}
