/**
 * Refs are `<pack>.<name>` (docs/concepts.md, "Refs"). The pack part never contains a dot, so the first dot
 * splits a ref; the name may contain further dots (StackStorm's `core.st2.IntervalTimer`).
 */
import { AttuneError } from './errors.ts';

export const PACK_REF_RE = /^[a-z][a-z0-9_-]*$/;
const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** The pack that entities created in the UI or over the API belong to. */
export const USER_PACK = 'local';

/** The built-in pack: reinstalled from the app at every start, so nothing may be created in it. */
export const CORE_PACK = 'core';

export interface ParsedRef {
  pack: string;
  name: string;
}

export function isValidPackRef(value: string): boolean {
  return PACK_REF_RE.test(value);
}

export function parseRef(ref: string): ParsedRef | null {
  const dot = ref.indexOf('.');
  if (dot <= 0) return null;
  const pack = ref.slice(0, dot);
  const name = ref.slice(dot + 1);
  if (!PACK_REF_RE.test(pack) || !NAME_RE.test(name) || name.endsWith('.')) return null;
  return { pack, name };
}

export function isValidRef(ref: string): boolean {
  return parseRef(ref) !== null;
}

/**
 * Qualifies `name` with `pack` unless it already carries a pack. Throws a field-named error
 * for anything that is not a valid ref afterwards.
 */
export function qualifyRef(ref: string, pack: string, field = 'ref'): string {
  if (typeof ref !== 'string' || ref.length === 0) {
    throw new AttuneError('VALIDATION_ERROR', `${field} must be a non-empty string`, { field });
  }
  if (ref.length > 255)
    throw new AttuneError('VALIDATION_ERROR', `${field} is longer than 255 characters`, { field });
  const qualified = ref.includes('.') ? ref : `${pack}.${ref}`;
  if (!isValidRef(qualified)) {
    throw new AttuneError(
      'VALIDATION_ERROR',
      `${field} "${ref}" is not a valid ref: expected <pack>.<name> with pack matching ${PACK_REF_RE.source}`,
      { field },
    );
  }
  return qualified;
}

export function packOf(ref: string): string {
  const parsed = parseRef(ref);
  if (!parsed) throw new AttuneError('VALIDATION_ERROR', `"${ref}" is not a valid ref`, { field: 'ref' });
  return parsed.pack;
}

/**
 * The ref of something a user creates (a rule, a trigger): qualified into the user pack when it
 * has no pack, and refused in the built-in `core` pack, whose contents the next start replaces.
 */
export function userEntityRef(ref: string, field = 'ref'): string {
  const qualified = qualifyRef(ref, USER_PACK, field);
  const parsed = parseRef(qualified) as ParsedRef;
  if (parsed.pack === CORE_PACK) {
    throw new AttuneError(
      'VALIDATION_ERROR',
      `${field}: "${qualified}" is in "${CORE_PACK}", the built-in pack that is reinstalled at every start; ` +
        `use another pack, e.g. "${USER_PACK}.${parsed.name}"`,
      { field },
    );
  }
  return qualified;
}

/**
 * A ref and Attune's separate `pack_ref` as one qualified ref: an unqualified `ref` joins the
 * pack; a qualified one must already be in it (the error names `pack_ref`). Without `pack_ref`
 * the ref is returned as it came.
 */
export function withPackRef(ref: string, packRef: string | null | undefined): string {
  if (packRef === undefined || packRef === null) return ref;
  if (!ref.includes('.')) return `${packRef}.${ref}`;
  const pack = ref.slice(0, ref.indexOf('.'));
  if (pack !== packRef) {
    throw new AttuneError(
      'VALIDATION_ERROR',
      `pack_ref: "${packRef}" does not match the pack of ref "${ref}"`,
      {
        field: 'pack_ref',
      },
    );
  }
  return ref;
}
