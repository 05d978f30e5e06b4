/** Packs: metadata of installed packs (their files live in the data folder's packs/). */
import type { Pack } from '../model/entities.ts';
import { bool, fromJson, iso, toJson } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

interface PackRow {
  id: number;
  ref: string;
  label: string;
  description: string;
  version: string;
  author: string | null;
  conf_schema: string;
  config: string;
  dependencies: string;
  tags: string;
  path: string | null;
  system: number;
  created: number;
  updated: number;
}

function toPack(r: PackRow): Pack {
  return {
    id: r.id,
    ref: r.ref,
    label: r.label,
    description: r.description,
    version: r.version,
    author: r.author,
    conf_schema: fromJson(r.conf_schema, {}),
    config: fromJson(r.config, {}),
    dependencies: fromJson(r.dependencies, []),
    tags: fromJson(r.tags, []),
    path: r.path,
    system: bool(r.system),
    created: iso(r.created),
    updated: iso(r.updated),
  };
}

export type PackInput = Omit<Pack, 'id' | 'created' | 'updated'>;

export function getPack(h: ReadHandle, ref: string): Pack | null {
  const r = h.stmt('SELECT * FROM packs WHERE ref = ?').get(ref) as PackRow | undefined;
  return r ? toPack(r) : null;
}

export function listPacks(h: ReadHandle): Pack[] {
  return (h.stmt('SELECT * FROM packs ORDER BY ref').all() as PackRow[]).map(toPack);
}

/** Inserts or replaces a pack's metadata, keeping its original `created`. */
export function upsertPack(w: WriteHandle, p: PackInput, now: number): Pack {
  w.stmt(
    `INSERT INTO packs (ref, label, description, version, author, conf_schema, config, dependencies, tags, path, system, created, updated)
     VALUES (@ref, @label, @description, @version, @author, @conf_schema, @config, @dependencies, @tags, @path, @system, @now, @now)
     ON CONFLICT(ref) DO UPDATE SET label=excluded.label, description=excluded.description, version=excluded.version,
       author=excluded.author, conf_schema=excluded.conf_schema, config=excluded.config, dependencies=excluded.dependencies,
       tags=excluded.tags, path=excluded.path, system=excluded.system, updated=excluded.updated`,
  ).run({
    ref: p.ref,
    label: p.label,
    description: p.description,
    version: p.version,
    author: p.author,
    conf_schema: toJson(p.conf_schema),
    config: toJson(p.config),
    dependencies: toJson(p.dependencies),
    tags: toJson(p.tags),
    path: p.path,
    system: p.system ? 1 : 0,
    now,
  });
  return getPack(w, p.ref) as Pack;
}

export function deletePack(w: WriteHandle, ref: string): boolean {
  return w.stmt('DELETE FROM packs WHERE ref = ?').run(ref).changes > 0;
}
