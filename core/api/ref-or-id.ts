/**
 * Attune addresses a definition by ref or by integer id (docs/attune-compat.md, "Identity"). A
 * ref always has a letter first (a pack ref starts with one, and every other ref with its pack),
 * so a value made of digits alone is an id: it is turned into the ref it names before the
 * handler runs, and an id that names nothing is NOT_FOUND.
 */
import type { ChannelName } from '../contract/channels.ts';
import { notFound } from '../model/errors.ts';
import { type DefinitionKind, type ReadHandle, refById } from '../store/index.ts';

/** Which input field of a channel names which kind of definition. */
const REF_FIELDS: Partial<Record<ChannelName, Record<string, DefinitionKind>>> = {
  'packs.get': { ref: 'pack' },
  'packs.reload': { ref: 'pack' },
  'packs.delete': { ref: 'pack' },
  'triggers.list': { pack_ref: 'pack' },
  'triggers.get': { ref: 'trigger' },
  'triggers.update': { ref: 'trigger' },
  'triggers.enable': { ref: 'trigger' },
  'triggers.disable': { ref: 'trigger' },
  'triggers.enableWebhook': { ref: 'trigger' },
  'triggers.disableWebhook': { ref: 'trigger' },
  'triggers.regenerateWebhook': { ref: 'trigger' },
  'actions.list': { pack_ref: 'pack' },
  'actions.get': { ref: 'action' },
  'actions.update': { ref: 'action' },
  'rules.list': { pack_ref: 'pack', trigger_ref: 'trigger', action_ref: 'action' },
  'rules.get': { ref: 'rule' },
  'rules.update': { ref: 'rule' },
  'rules.delete': { ref: 'rule' },
  'rules.test': { ref: 'rule' },
  'rules.run': { ref: 'rule' },
  'rules.enable': { ref: 'rule' },
  'rules.disable': { ref: 'rule' },
  'sensors.list': { pack_ref: 'pack', trigger_ref: 'trigger' },
  'sensors.listByPack': { ref: 'pack' },
  'sensors.listByTrigger': { ref: 'trigger' },
  'sensors.get': { ref: 'sensor' },
  'sensors.update': { ref: 'sensor' },
  'sensors.delete': { ref: 'sensor' },
  'sensors.enable': { ref: 'sensor' },
  'sensors.disable': { ref: 'sensor' },
  'sensors.restart': { ref: 'sensor' },
  'sensors.logs': { ref: 'sensor' },
};

const ID = /^[0-9]{1,15}$/;

/** The input with every id in a ref field replaced by its ref. */
export function resolveIds(channel: ChannelName, input: unknown, read: ReadHandle): unknown {
  const fields = REF_FIELDS[channel];
  if (!fields || !input || typeof input !== 'object') return input;
  let out = input as Record<string, unknown>;
  for (const [field, kind] of Object.entries(fields)) {
    const value = out[field];
    if (typeof value !== 'string' || !ID.test(value)) continue;
    const ref = refById(read, kind, Number(value));
    if (ref === null) throw notFound(kind, value);
    out = { ...out, [field]: ref };
  }
  return out;
}
