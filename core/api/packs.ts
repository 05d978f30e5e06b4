/** packs.* channels that change what is installed (SPEC §7); the engine's PackService does the work. */
import type { Handlers } from './handler-types.ts';

export const packsHandlers = {
  'packs.import': (a, { engine }) =>
    engine.packs.importPack({
      path: a.path,
      upgrade: a.upgrade,
      secrets: a.secrets,
      sourceName: a.source_name,
    }),
  'packs.validate': (a, { engine }) => engine.packs.validate({ path: a.path, sourceName: a.source_name }),
  'packs.reload': (a, { engine }) => engine.packs.reload(a.ref),
  'packs.delete': (a, { engine }) => engine.packs.deletePack(a.ref),
  'packs.export': (a, { engine }) => engine.packs.exportPack(a),
} satisfies Partial<Handlers>;
