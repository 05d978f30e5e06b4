/**
 * The checks an import, reload or delete makes before touching anything (docs/packs.md): the source is
 * a folder or an archive that extracts safely, secrets given name secret config fields, and no
 * rule of another pack loses the trigger or action it uses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JsonObject } from '../../model/entities.ts';
import { AttuneError } from '../../model/errors.ts';
import { secretFields, validateParams } from '../../model/param-schema.ts';
import { listAllRules, type Store } from '../../store/index.ts';
import {
  extractPackArchive,
  formatProblem,
  type PackModel,
  type PackProblem,
  problemsError,
  sortProblems,
} from '../index.ts';
import { pathError, withPath } from './path-errors.ts';

/** A pack folder to read, and how to clean up after (archives are extracted to a temp folder). */
export interface PackSource {
  dir: string;
  cleanup(): Promise<void>;
}

/** Problems as one 400 whose `details` is the list (the REST body shows it as `details.problems`). */
export function refused(problems: readonly PackProblem[]): AttuneError {
  const e = problemsError(problems);
  return new AttuneError(e.code, e.message, {
    ...(e.field !== undefined ? { field: e.field } : {}),
    ...(e.location !== undefined ? { location: e.location } : {}),
    details: sortProblems(problems),
  });
}

/** The core pack cannot be replaced, reloaded or deleted. */
export function fixedPack(ref: string, what: string): AttuneError {
  return new AttuneError('BAD_REQUEST', `ref: pack "${ref}" ships with Attune Desktop and ${what}`, {
    field: 'ref',
  });
}

/**
 * Refuses when rules of other packs use triggers or actions of `ref` that are going away (all
 * of them when the pack is deleted; those not in `keepTriggers`/`keepActions` on upgrade).
 */
export function refuseIfUsed(
  store: Store,
  ref: string,
  keepTriggers: ReadonlySet<string>,
  keepActions: ReadonlySet<string>,
  what: string,
): void {
  const prefix = `${ref}.`;
  const users = listAllRules(store.read)
    .filter((r) => r.pack_ref !== ref)
    .flatMap((r) => [
      ...(r.trigger_ref.startsWith(prefix) && !keepTriggers.has(r.trigger_ref)
        ? [`${r.ref} (trigger ${r.trigger_ref})`]
        : []),
      ...(r.action_ref.startsWith(prefix) && !keepActions.has(r.action_ref)
        ? [`${r.ref} (action ${r.action_ref})`]
        : []),
    ]);
  if (users.length === 0) return;
  throw new AttuneError(
    'CONFLICT',
    `pack "${ref}": rules of other packs use what would be ${what}: ${users.join(', ')}; change or delete those rules first`,
    { field: 'ref', details: users },
  );
}

/** A folder as it is, or an archive (a path, or bytes sent along) extracted into a temporary folder. */
export async function openPackSource(req: {
  path?: string | undefined;
  content?: Uint8Array | undefined;
  sourceName?: string | undefined;
}): Promise<PackSource> {
  if (req.content !== undefined) return openUploaded(req.content, req.sourceName ?? 'upload');
  const given = req.path;
  if (given === undefined || !path.isAbsolute(given)) {
    throw new AttuneError('VALIDATION_ERROR', 'path: must be an absolute path', { field: 'path' });
  }
  const info = await withPath('path', given, 'read', () => fs.statSync(given, { throwIfNoEntry: false }));
  if (!info) {
    throw new AttuneError('VALIDATION_ERROR', `path: nothing at ${given}`, { field: 'path' });
  }
  if (info.isDirectory()) return { dir: given, cleanup: async () => {} };
  return extracted(given, req.sourceName ?? path.basename(given));
}

/** Temporary folders of archives sent as bytes (apart from multipart uploads' `attune-upload-`). */
export const UPLOAD_PREFIX = 'attune-pack-bytes-';

/** An archive's bytes, written to a private temp file (removed with the extraction). */
async function openUploaded(content: Uint8Array, name: string): Promise<PackSource> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), UPLOAD_PREFIX));
  const drop = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, 'upload');
    fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
    const x = await extracted(file, name);
    return {
      dir: x.dir,
      cleanup: async () => {
        await x.cleanup();
        drop();
      },
    };
  } catch (err) {
    drop();
    throw err;
  }
}

async function extracted(file: string, name: string): Promise<PackSource> {
  try {
    const x = await extractPackArchive(file);
    return { dir: x.packDir, cleanup: x.cleanup };
  } catch (caught) {
    const err = pathError(caught, 'path', file, 'read');
    if (!(err instanceof AttuneError)) throw err;
    if (err.field === 'path') throw err;
    const problem: PackProblem = {
      file: name,
      line: 1,
      column: 1,
      field: 'archive',
      message: err.message,
    };
    throw new AttuneError(err.code, `The archive was refused:\n${formatProblem(problem)}`, {
      field: 'archive',
      location: { file: problem.file, line: 1, column: 1 },
      details: [problem],
    });
  }
}

/** The secret values given at import: each must name a secret config field and fit its type. */
export function checkSecrets(model: PackModel, given: Record<string, unknown>): JsonObject {
  const schema = model.pack.conf_schema;
  const names = secretFields(schema);
  const out: JsonObject = {};
  for (const [name, raw] of Object.entries(given)) {
    const field = `secrets.${name}`;
    const spec = schema[name];
    if (spec?.secret !== true) {
      throw new AttuneError(
        'VALIDATION_ERROR',
        `${field}: pack "${model.pack.ref}" has no secret config field "${name}" (its secret fields: ${names.join(', ') || 'none'})`,
        { field },
      );
    }
    // The CLI sends text; a numeric or boolean field gets the value it spells.
    let value = raw;
    if (typeof raw === 'string' && (spec.type === 'number' || spec.type === 'integer') && raw.trim() !== '') {
      value = Number(raw);
    } else if (typeof raw === 'string' && spec.type === 'boolean' && (raw === 'true' || raw === 'false')) {
      value = raw === 'true';
    }
    const checked = validateParams({ [name]: { ...spec, required: false } }, { [name]: value });
    if (!checked.ok) {
      throw new AttuneError('VALIDATION_ERROR', `${field}: ${checked.errors[0]?.message ?? 'invalid'}`, {
        field,
      });
    }
    out[name] = value;
  }
  return out;
}
