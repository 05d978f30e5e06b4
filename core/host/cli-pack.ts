/**
 * `attune-desktop pack …` (docs/packs.md, "In five commands"): `validate` works offline (no host needed); `import`,
 * `export`, `list`, `reload` and `delete` talk to the running host. An import prints the review
 * report: what each action runs, what each rule does, what could not be converted, which secrets
 * are missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { PackReport } from '../contract/packs.ts';
import { AttuneError } from '../model/errors.ts';
import { visibleJson, visibleText } from '../model/visible-text.ts';
import type { PackProblem, RefResolver } from '../packs/index.ts';
import { formatProblem } from '../packs/problems.ts';
import type { ApiClient } from './api-client.ts';

type Out = { log(s: string): void; error(s: string): void };

export interface PackCliContext {
  out: Out;
  client(): ApiClient;
  json(): boolean;
  table(rows: Array<Record<string, unknown>>, cols: string[]): string;
}

/** `name=value` pairs as given: secret values stay text (the host converts numeric fields). */
export function parseSecretPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new AttuneError('BAD_REQUEST', `--secret "${p.split('=')[0]}…" is not name=value`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** The core pack's triggers and actions, so an offline validation resolves `core.*` refs. */
async function coreResolver(): Promise<RefResolver | undefined> {
  const { DEFAULT_CORE_PACK_DIR } = await import('../engine/create-engine.ts');
  const { loadPackFolder, modelResolver } = await import('../packs/index.ts');
  const core = loadPackFolder(DEFAULT_CORE_PACK_DIR);
  return core.ok ? modelResolver(core.model) : undefined;
}

const indent = (lines: string[], by = '    ') => lines.map((l) => `${by}${l}`);

/** The review report as text. */
export function formatReport(r: PackReport): string {
  const lines: string[] = [];
  const what = {
    installed: `Imported ${r.pack.ref} ${r.pack.version}`,
    upgraded: `Upgraded ${r.pack.ref} ${r.previous_version} → ${r.pack.version}`,
    reloaded: `Reloaded ${r.pack.ref} ${r.pack.version}`,
    validated: r.valid
      ? `Pack ${r.pack.ref} ${r.pack.version} is valid (nothing installed)`
      : `Pack ${r.pack.ref || '?'} has ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`,
  }[r.operation];
  lines.push(r.path ? `${what} (${r.path})` : what);
  for (const p of r.problems) lines.push(`  ${formatProblem(p)}`);
  lines.push('', 'Actions — what each one runs (review before enabling a rule):');
  for (const a of r.actions) {
    lines.push(`  ${a.ref}: ${a.runs} (timeout ${a.timeout_seconds} s)`);
    if (a.script) {
      lines.push(...indent(a.script.first_lines, '    | '));
      const more = a.script.total_lines - a.script.first_lines.length;
      if (more > 0) lines.push(`    | … ${more} more line(s)`);
    }
  }
  lines.push('', r.installed ? 'Rules (enable each with: attune-desktop rule enable <ref>):' : 'Rules:');
  for (const rule of r.rules) {
    const when = `${rule.trigger_ref}${Object.keys(rule.trigger_params).length ? ` ${JSON.stringify(rule.trigger_params)}` : ''}`;
    const cond = rule.condition ? ` if ${rule.condition}` : '';
    lines.push(
      `  ${rule.ref} [${rule.enabled ? 'enabled' : 'disabled'}]: ${when}${cond} → ${rule.action_ref}`,
    );
    for (const p of rule.conversion_problems) lines.push(`    not converted: ${formatProblem(p)}`);
  }
  if (r.triggers.length > 0) lines.push('', 'Triggers:');
  for (const t of r.triggers) {
    const hook = t.webhook_enabled ? ' (webhook)' : '';
    const hmac = t.hmac_secret_missing ? ` — HMAC secret ${t.hmac_secret_ref} is not in the key store` : '';
    lines.push(`  ${t.ref}${hook}${hmac}`);
  }
  if (r.sensors.length > 0) lines.push('', 'Sensors (kept with the pack):');
  for (const s of r.sensors)
    lines.push(`  ${s.ref}: ${s.runner_type} ${s.entry_point} → ${s.trigger_types.join(', ')}`);
  if (r.secrets.length > 0) lines.push('', 'Secrets:');
  for (const s of r.secrets)
    lines.push(
      `  ${s.name}: ${s.provided ? 'stored' : 'MISSING'}${s.description ? ` — ${s.description}` : ''}`,
    );
  if (r.missing_secrets.length > 0) {
    lines.push(
      `  give them with: attune-desktop pack import <path> --upgrade ${r.missing_secrets.map((n) => `--secret ${n}=…`).join(' ')}`,
    );
  }
  if (r.removed.length > 0) lines.push('', `Removed: ${r.removed.join(', ')}`);
  if (r.previously_enabled.length > 0) {
    lines.push('', `Disabled for review (were enabled): ${r.previously_enabled.join(', ')}`);
    for (const o of r.other_rules_disabled) lines.push(`  ${o.ref} uses ${o.action_ref}: ${o.reason}`);
  }
  if (r.warnings.length > 0) lines.push('', 'Warnings:', ...r.warnings.map((w) => `  ${formatProblem(w)}`));
  // Everything above comes from the pack's author: nothing in it may act on the terminal.
  return lines.map(visibleText).join('\n');
}

/** Adds the `pack` command group. */
export function registerPackCommands(program: Command, c: PackCliContext): void {
  const pack = program.command('pack').description('validate, import, export and remove packs');
  const print = (value: unknown, text: () => string) =>
    c.out.log(c.json() ? visibleJson(JSON.stringify(value, null, 2)) : text());

  pack
    .command('validate <path>')
    .description('check a pack folder or archive offline; prints every problem, exits 1 if any')
    .action(async (given: string) => {
      const full = path.resolve(given);
      const archive = fs.statSync(full, { throwIfNoEntry: false })?.isFile() === true;
      // Loaded here, not at the top: the other commands only talk to the host.
      const { extractPackArchive, loadPackFolder } = await import('../packs/index.ts');
      const extracted = archive ? await extractPackArchive(full) : null;
      try {
        const result = loadPackFolder(extracted?.packDir ?? full, { resolver: await coreResolver() });
        const problems: PackProblem[] = result.ok ? [] : result.problems;
        if (c.json())
          c.out.log(
            visibleJson(JSON.stringify({ valid: result.ok, problems, warnings: result.warnings }, null, 2)),
          );
        else {
          for (const p of problems) c.out.log(visibleText(formatProblem(p)));
          for (const w of result.warnings) c.out.log(visibleText(`warning: ${formatProblem(w)}`));
          c.out.log(
            result.ok
              ? `${result.model.pack.ref} ${result.model.pack.version} is valid: ${result.model.actions.length} actions, ${result.model.rules.length} rules (refs to packs other than core are checked at import)`
              : `${problems.length} problem${problems.length === 1 ? '' : 's'}`,
          );
        }
        if (!result.ok) process.exitCode = 1;
      } finally {
        await extracted?.cleanup();
      }
    });

  pack
    .command('import <path>')
    .description('install a pack folder, .tar.gz or .zip; its rules start disabled')
    .option('--upgrade', 'replace an installed pack of the same ref')
    .option(
      '--secret <name=value>',
      'a secret config value (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .action(async (given: string, o: { upgrade?: boolean; secret: string[] }) => {
      const full = path.resolve(given);
      const secrets = parseSecretPairs(o.secret);
      const info = fs.statSync(full, { throwIfNoEntry: false });
      if (!info) throw new AttuneError('BAD_REQUEST', `nothing at ${full}`);
      let r: PackReport;
      if (info.isDirectory()) {
        r = await c.client().call('packs.import', { path: full, upgrade: o.upgrade === true, secrets });
      } else {
        // An archive is uploaded, so this also works against a host on another machine.
        const form = new FormData();
        form.append('upgrade', String(o.upgrade === true));
        form.append('secrets', JSON.stringify(secrets));
        form.append('pack', new Blob([fs.readFileSync(full)]), path.basename(full));
        r = await c.client().callForm('packs.import', form);
      }
      print(r, () => formatReport(r));
    });

  pack
    .command('export [rules...]')
    .description('export rules (or a whole pack with --pack) to a folder, or a .tar.gz when OUT ends so')
    .option('--pack <ref>', 'export a whole installed pack')
    .option('--as <ref>', 'the exported pack\'s ref (default: the pack\'s own, or "local")')
    .requiredOption('-o, --out <out>', 'folder to write, or a file ending in .tar.gz')
    .action(async (rules: string[], o: { pack?: string; as?: string; out: string }) => {
      const out = path.resolve(o.out);
      const body = {
        pack: o.pack || undefined,
        rules: rules.length > 0 ? rules : undefined,
        as_pack: o.as || undefined,
      };
      if (/\.(tar\.gz|tgz)$/.test(out)) {
        // The bytes come back and are written here, so a remote host works too.
        const { bytes } = await c.client().download({ ...body, format: 'tar.gz' });
        fs.writeFileSync(out, bytes);
        print({ path: out, bytes: bytes.length }, () => `wrote ${out} (${bytes.length} bytes)`);
        return;
      }
      const r = await c.client().call('packs.export', { ...body, format: 'folder', path: out });
      print(r, () =>
        [
          `wrote ${r.pack} ${r.version} to ${out}:`,
          ...r.files.map((f) => `  ${f}`),
          ...r.warnings.map((w) => visibleText(`warning: ${w}`)),
        ].join('\n'),
      );
    });

  pack.command('list').action(async () => {
    const r = await c.client().call('packs.list', { page_size: 100 });
    print(
      r.items,
      () =>
        `${c.table(r.items, ['ref', 'version', 'label', 'system', 'path'])}\n(${r.items.length} of ${r.pagination.total_items})`,
    );
  });

  pack
    .command('reload <ref>')
    .description("re-read an installed pack's folder after editing it in place")
    .action(async (ref: string) => {
      const r = await c.client().call('packs.reload', { ref });
      print(r, () => formatReport(r));
    });

  pack
    .command('delete <ref>')
    .description('remove a pack, its rules and its secrets')
    .action(async (ref: string) => {
      await c.client().call('packs.delete', { ref });
      c.out.log(`${ref} deleted`);
    });
}
