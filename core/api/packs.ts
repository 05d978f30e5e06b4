/** packs.* channels that change what is installed (docs/packs.md); the engine's PackService does the work. */
import type { Handlers } from './handler-types.ts';

/** Where the pack comes from: a path on the host, or an archive's bytes sent along. */
function source(a: { path?: string | undefined; content_base64?: string | undefined; source_name?: string }) {
  return a.content_base64 !== undefined
    ? { content: Buffer.from(a.content_base64, 'base64'), sourceName: a.source_name }
    : { path: a.path as string, sourceName: a.source_name };
}

export const packsHandlers = {
  'packs.import': (a, { engine }) =>
    engine.packs.importPack({ ...source(a), upgrade: a.upgrade, secrets: a.secrets }),
  'packs.validate': (a, { engine }) => engine.packs.validate(source(a)),
  'packs.reload': (a, { engine }) => engine.packs.reload(a.ref),
  'packs.delete': (a, { engine }) => engine.packs.deletePack(a.ref),
  'packs.export': (a, { engine }) => engine.packs.exportPack(a),
} satisfies Partial<Handlers>;
