/**
 * One error type for the whole core. Channels turn it into data (`{ok:false, error}`), REST
 * into Attune's `{error, code}` with the matching HTTP status; nothing else crosses a boundary.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNPROCESSABLE_ENTITY',
  'VALIDATION_ERROR',
  'PAYLOAD_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'TOO_MANY_REQUESTS',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE_ENTITY: 422,
  VALIDATION_ERROR: 400,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_TIMEOUT: 408,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Where in a file a problem is (packs): 1-based line and column. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

export interface ErrorData {
  code: ErrorCode;
  message: string;
  field?: string;
  location?: SourceLocation;
  details?: unknown;
}

export class AttuneError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly location: SourceLocation | undefined;
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { field?: string; location?: SourceLocation; details?: unknown } = {},
  ) {
    super(message);
    this.name = 'AttuneError';
    this.code = code;
    this.field = extra.field;
    this.location = extra.location;
    this.details = extra.details;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, message: this.message };
    if (this.field !== undefined) data.field = this.field;
    if (this.location !== undefined) data.location = this.location;
    if (this.details !== undefined) data.details = this.details;
    return data;
  }
}

export function notFound(kind: string, id: string | number): AttuneError {
  return new AttuneError('NOT_FOUND', `${kind} "${id}" not found`);
}

/**
 * SQLite's "the disk cannot take this now" results (full disk, I/O error): the request failed,
 * the host did not, and the same request can succeed once space returns (docs/security.md).
 */
export function isStorageFault(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR'));
}

/** A storage fault as the error a caller sees (HTTP 503). */
export function storageUnavailable(err: unknown): AttuneError {
  const code = (err as { code?: unknown }).code;
  const why = code === 'SQLITE_FULL' ? 'the disk is full' : `an I/O error (${String(code)})`;
  return new AttuneError(
    'UNAVAILABLE',
    `the database cannot be written right now: ${why}; nothing was stored, try again once it is fixed`,
  );
}

/** Whether `err` is a storage fault already turned into an error for the caller (HTTP 503). */
export function isUnavailable(err: unknown): boolean {
  return err instanceof AttuneError && err.code === 'UNAVAILABLE';
}

/** Any thrown value as error data; unknown errors become INTERNAL without leaking stacks. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof AttuneError) return err.toData();
  if (isStorageFault(err)) return storageUnavailable(err).toData();
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
