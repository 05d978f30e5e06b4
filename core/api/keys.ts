/** keys.* channels: Attune's key/value store (docs/concepts.md, "Keys and secrets"). */
import type { Handlers } from './handler-types.ts';

export const keysHandlers = {
  'keys.list': (a, { engine }) => engine.keys.list(a),
  // One check decides decryption: the face says whether this caller may (HandlerContext.mayDecrypt).
  'keys.get': (a, { engine, mayDecrypt }) => engine.keys.get(a.ref, a.decrypt && mayDecrypt !== false),
  'keys.create': (a, { engine }) => engine.keys.create(a),
  'keys.update': (a, { engine }) => engine.keys.update(a),
  'keys.delete': (a, { engine }) => engine.keys.delete(a.ref),
} satisfies Partial<Handlers>;
