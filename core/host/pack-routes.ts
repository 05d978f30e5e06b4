/**
 * The pack routes that are not JSON in, JSON out (docs/packs.md, "Importing"): `POST /api/v1/packs/import` and its
 * alias `POST /api/v1/packs/upload` (Attune's route: multipart field `pack` with the archive, or
 * JSON `{path}`), `POST /api/v1/packs/validate` (the same, as a dry run), and
 * `POST /api/v1/packs/export`, which answers `application/gzip` when no path is given. Uploads
 * are streamed to a private temporary file, removed once the request is answered.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dispatch, type HandlerContext, handlers } from '../api/index.ts';
import type { ChannelName } from '../contract/channels.ts';
import type { PackExportResult } from '../contract/packs.ts';
import { AttuneError, type ErrorData, HTTP_STATUS, toErrorData } from '../model/errors.ts';
import { PACK_ROUTES } from './rest-routes.ts';

/** Largest archive an upload may carry (compressed; extraction has its own limits). */
export const PACK_UPLOAD_LIMIT = 100 * 1_048_576;

/** Multipart limits: one archive and a few small fields, nothing else. */
export const PACK_MULTIPART_LIMITS = {
  fileSize: PACK_UPLOAD_LIMIT,
  files: 1,
  fields: 8,
  fieldSize: 1_048_576,
  parts: 10,
};

const FIELDS = new Set(['upgrade', 'force', 'secrets']);

type ErrorBody = (e: ErrorData) => unknown;

function bad(field: string, message: string): AttuneError {
  return new AttuneError('BAD_REQUEST', `${field}: ${message}`, { field });
}

/** Multipart errors (too large, too many parts) as Attune errors naming the field. */
function uploadError(err: unknown): unknown {
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AttuneError('PAYLOAD_TOO_LARGE', `pack: the archive exceeds ${PACK_UPLOAD_LIMIT} bytes`, {
      field: 'pack',
    });
  }
  if (typeof e.code === 'string' && e.code.startsWith('FST_') && e.statusCode !== undefined) {
    const code = e.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    return new AttuneError(code, `pack: ${e.message ?? 'malformed multipart body'}`, { field: 'pack' });
  }
  return err;
}

function parseBool(field: string, raw: string): boolean {
  if (raw === 'true' || raw === '1' || raw === 'on') return true;
  if (raw === 'false' || raw === '0' || raw === '') return false;
  throw bad(field, 'must be true or false');
}

function parseSecrets(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw bad('secrets', 'must be a JSON object {"name": "value"}');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad('secrets', 'must be a JSON object {"name": "value"}');
  }
  return value as Record<string, unknown>;
}

/** Saves the `pack` file part to a private temp folder and reads the other fields. */
async function readUpload(req: FastifyRequest, dir: string): Promise<Record<string, unknown>> {
  let file: string | null = null;
  let name: string | undefined;
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts({ limits: PACK_MULTIPART_LIMITS })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'pack') {
          part.file.resume();
          throw bad(part.fieldname, 'unknown file field; send the archive in the field "pack"');
        }
        file = path.join(dir, 'upload');
        await pipeline(part.file, fs.createWriteStream(file, { mode: 0o600, flags: 'wx' }));
        if (part.file.truncated) throw uploadError({ code: 'FST_REQ_FILE_TOO_LARGE' });
        name = part.filename ? path.basename(part.filename) : undefined;
      } else {
        if (!FIELDS.has(part.fieldname))
          throw bad(part.fieldname, 'unknown field (expected pack, upgrade, secrets)');
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    throw uploadError(err);
  }
  const input: Record<string, unknown> = {};
  const upgrade = fields.upgrade ?? fields.force;
  if (upgrade !== undefined) {
    input.upgrade = parseBool(fields.upgrade !== undefined ? 'upgrade' : 'force', upgrade);
  }
  if (fields.secrets !== undefined) input.secrets = parseSecrets(fields.secrets);
  if (file === null) throw bad('pack', 'the multipart field "pack" with the .tar.gz or .zip is required');
  input.path = file;
  if (name) input.source_name = name;
  return input;
}

/** Registers the routes on `app` (a scope where @fastify/multipart is registered). */
export function registerPackRoutes(app: FastifyInstance, ctx: HandlerContext, errorBody: ErrorBody): void {
  const fail = (reply: FastifyReply, err: unknown) => {
    const e = toErrorData(err);
    if (e.code === 'INTERNAL') ctx.engine.logger.error('pack request failed', { error: e.message });
    return reply
      .code(HTTP_STATUS[e.code])
      .send(errorBody(e.code === 'INTERNAL' ? { ...e, message: 'internal error' } : e));
  };

  const importLike =
    (channel: ChannelName, status: number, allowed: readonly string[]) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      let dir: string | null = null;
      try {
        let input: unknown = req.body ?? {};
        if (req.isMultipart()) {
          dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-upload-'));
          const upload = await readUpload(req, dir);
          for (const k of Object.keys(upload)) {
            if (k !== 'path' && k !== 'source_name' && !allowed.includes(k))
              throw bad(k, 'not accepted here');
          }
          input = upload;
        }
        const r = await dispatch(handlers, channel, input, ctx);
        if (!r.ok) return reply.code(HTTP_STATUS[r.error.code]).send(errorBody(r.error));
        return reply.code(status).send({ data: r.data });
      } catch (err) {
        return fail(reply, err);
      } finally {
        if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
      }
    };

  const { import: imp, upload, validate, export: exp } = PACK_ROUTES;
  app.post(imp.url, importLike(imp.channel, imp.status, ['upgrade', 'secrets']));
  app.post(upload.url, importLike(upload.channel, upload.status, ['upgrade', 'secrets']));
  app.post(validate.url, importLike(validate.channel, 200, []));

  app.post(exp.url, async (req, reply) => {
    const r = await dispatch(handlers, exp.channel, req.body ?? {}, ctx);
    if (!r.ok) return reply.code(HTTP_STATUS[r.error.code]).send(errorBody(r.error));
    const data = r.data as PackExportResult;
    if (data.bytes_base64 === undefined) return reply.send({ data });
    return reply
      .type('application/gzip')
      .header('content-disposition', `attachment; filename="${data.filename}"`)
      .send(Buffer.from(data.bytes_base64, 'base64'));
  });
}
