/** Column codecs shared by the repositories: JSON text and epoch-ms timestamps. */

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  return JSON.parse(text) as T;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

export function bool(v: number | bigint | boolean): boolean {
  return Boolean(Number(v));
}

/** A page request as the API takes it: 1-based page, page_size capped at 100 (Attune's). */
export interface PageRequest {
  page: number;
  page_size: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** False when `total` is a lower bound (bounded-count.ts); absent means exact. */
  total_exact?: boolean;
  page: number;
  page_size: number;
}

export function offsetOf(p: PageRequest): number {
  return (p.page - 1) * p.page_size;
}

/**
 * A WHERE clause from optional filters: each `[sql, value]` pair is kept when `value` is not
 * undefined; `sql` holds one `?` per value (pass an array for several).
 */
export function whereClause(conds: ReadonlyArray<readonly [string, unknown]>): {
  sql: string;
  params: unknown[];
} {
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const [sql, value] of conds) {
    if (value === undefined) continue;
    clauses.push(sql);
    if (Array.isArray(value)) params.push(...value);
    else params.push(value);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
