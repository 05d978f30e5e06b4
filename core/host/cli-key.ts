/**
 * `attune-desktop key …` (docs/concepts.md, "Keys and secrets"): list, get, set and delete keys
 * on the running host. `set` never takes the value as an argument: it reads it from standard
 * input (piped), or asks for it at a prompt that does not echo, so a secret never lands in the
 * process list or the shell's history.
 */
import readline from 'node:readline';
import type { Command } from 'commander';
import type { ChannelInput } from '../contract/channels.ts';
import type { KeyOwnerType } from '../contract/keys.ts';
import { AttuneError } from '../model/errors.ts';
import { parseJsonBounded } from '../model/json-depth.ts';
import type { PackCliContext } from './cli-pack.ts';

/** Reads the whole of a piped stdin; one trailing newline (what `echo` adds) is dropped. */
async function readPiped(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) text += String(chunk);
  return text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** Asks for a value on the terminal without echoing it. */
function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    process.stderr.write(question);
    // Echo nothing of what is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/** The value `key set` stores: from a pipe or a prompt; `--json` parses it as JSON. */
export async function readKeyValue(
  ref: string,
  asJson: boolean,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Promise<unknown> {
  const raw = stdin.isTTY ? await prompt(`value for ${ref}: `) : await readPiped(stdin);
  if (raw === '')
    throw new AttuneError('BAD_REQUEST', 'value: empty (pipe it in, or type it at the prompt)', {
      field: 'value',
    });
  if (!asJson) return raw;
  const parsed = parseJsonBounded(raw);
  if (!parsed.ok)
    throw new AttuneError('BAD_REQUEST', `value: not JSON (${parsed.message})`, { field: 'value' });
  // An update reads null as "keep the stored value" (Attune's rule), so `set` would say
  // "updated" and change nothing: refuse it here instead.
  if (parsed.value === null)
    throw new AttuneError(
      'BAD_REQUEST',
      `value: null is not a value to store (to remove it: key delete ${ref})`,
      {
        field: 'value',
      },
    );
  return parsed.value;
}

interface SetOptions {
  encrypt?: boolean;
  asJson?: boolean;
  name?: string;
  pack?: string;
  action?: string;
}

export function registerKeyCommands(program: Command, c: PackCliContext): void {
  const key = program
    .command('key')
    .description('manage the key/value store (values of encrypted keys stay sealed)');
  key
    .command('list')
    .option('--owner-type <type>', 'system, pack or action')
    .option('--owner <ref>', 'the owning pack or action')
    .action(async (o: { ownerType?: string; owner?: string }) => {
      const r = await c.client().call('keys.list', {
        per_page: 100,
        // The host checks the name and lists the owner types it knows.
        owner_type: (o.ownerType || undefined) as KeyOwnerType | undefined,
        owner: o.owner || undefined,
      });
      const rows = r.items.map((k) => ({
        ...k,
        value: k.encrypted ? '(encrypted)' : '(get it with key get)',
      }));
      c.out.log(
        c.json()
          ? JSON.stringify(r.items, null, 2)
          : `${c.table(rows, ['ref', 'owner_type', 'owner', 'encrypted', 'name'])}\n(${r.items.length} of ${r.pagination.total_items})`,
      );
    });
  key
    .command('get <ref>')
    .description('a key; an encrypted value only with --decrypt')
    .option('--decrypt', 'show the value of an encrypted key')
    .option('--value', 'print the value alone (JSON unless it is a string)')
    .action(async (ref: string, o: { decrypt?: boolean; value?: boolean }) => {
      const k = await c.client().call('keys.get', { ref, decrypt: o.decrypt === true });
      if (o.value) return void c.out.log(typeof k.value === 'string' ? k.value : JSON.stringify(k.value));
      c.out.log(JSON.stringify(k, null, 2));
    });
  key
    .command('set <ref>')
    .description('create or replace a key; the value comes from stdin or a prompt, never an argument')
    .option('--encrypt', 'seal the value with the master key')
    .option('--as-json', 'the value is JSON (default: text)')
    .option('--name <name>', 'a human-readable name')
    .option('--pack <ref>', 'owned by this pack')
    .option('--action <ref>', 'owned by this action')
    .action(async (ref: string, o: SetOptions) => {
      const value = (await readKeyValue(ref, o.asJson === true)) as ChannelInput<'keys.create'>['value'];
      const client = c.client();
      const encrypted = o.encrypt === true;
      try {
        const k = await client.call('keys.create', {
          ref,
          value,
          encrypted,
          ...(o.name ? { name: o.name } : {}),
          ...(o.pack ? { owner_type: 'pack' as const, owner_pack_ref: o.pack } : {}),
          ...(o.action ? { owner_type: 'action' as const, owner_action_ref: o.action } : {}),
        });
        return void c.out.log(`${k.ref} created${k.encrypted ? ' (encrypted)' : ''}`);
      } catch (err) {
        if (!(err instanceof AttuneError) || err.code !== 'CONFLICT') throw err;
      }
      const k = await client.call('keys.update', {
        ref,
        value,
        encrypted,
        ...(o.name ? { name: o.name } : {}),
      });
      c.out.log(`${k.ref} updated${k.encrypted ? ' (encrypted)' : ''}`);
    });
  key.command('delete <ref>').action(async (ref: string) => {
    await c.client().call('keys.delete', { ref });
    c.out.log(`${ref} deleted`);
  });
}
