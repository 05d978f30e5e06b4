/**
 * Packs in the running engine (docs/packs.md): import (folder, .tar.gz, .zip), validate (a dry run),
 * reload, delete and export. An import is validated in full against the store before anything
 * is touched; its files are copied into the data folder, then one transaction installs it, so a
 * failure leaves the store as it was. Rule changes are announced through the RuleService, so the
 * rule index and the timer sensor see them at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PackExportRequest, PackExportResult, PackReport } from '../../contract/packs.ts';
import type { JsonObject, Pack, Rule } from '../../model/entities.ts';
import { AttuneError, notFound } from '../../model/errors.ts';
import type { Logger } from '../../model/logger.ts';
import { USER_PACK } from '../../model/refs.ts';
import type { Clock } from '../../schedule/clock.ts';
import type { Vault } from '../../secrets/vault.ts';
import type { ChangeFeed } from '../../services/ports.ts';
import type { RuleChange, RuleService } from '../../services/rule-service.ts';
import {
  deleteAction,
  deleteKeysOwnedBy,
  deletePack,
  deleteRule,
  deleteTrigger,
  getPack,
  listActions,
  listAllRules,
  listPacks,
  listTriggers,
  type Store,
} from '../../store/index.ts';
import {
  formatProblem,
  type PackModel,
  type PackProblem,
  packTarGz,
  readPackFolder,
  refName,
  renderPackFiles,
  shellQuotingWarnings,
  validatePack,
  writePackFolder,
  writePackTarGz,
} from '../index.ts';
import { installPackModel } from '../install.ts';
import type { PackCatalog } from './pack-catalog.ts';
import { checkSecrets, fixedPack, openPackSource, refused, refuseIfUsed } from './pack-checks.ts';
import { buildExportModel } from './pack-export-model.ts';
import { collectPackFolders, copyPackIntoDataFolder, isManagedFolder } from './pack-files.ts';
import { reportFromStore } from './pack-report.ts';
import { storeResolver } from './pack-resolver.ts';
import { FolderRetirement } from './pack-retirement.ts';
import { changedActions, type DisabledRule, disableRulesUsing } from './pack-upgrade-impact.ts';
import { withPath } from './path-errors.ts';

export interface PackServiceDeps {
  dataDir: string;
  store: Store;
  vault: Vault;
  rules: RuleService;
  packContexts: PackCatalog;
  notifier: ChangeFeed;
  clock: Clock;
  logger: Logger;
  defaultTimezone: string;
}

export interface ImportRequest {
  /** A folder or archive on this machine, or an archive's bytes sent over a channel. */
  path?: string;
  content?: Uint8Array;
  upgrade?: boolean;
  secrets?: Record<string, unknown>;
  /** Name problems in an uploaded archive are reported against. */
  sourceName?: string | undefined;
}

const isCore = (p: Pack | null, ref: string) => ref === 'core' || p?.system === true;

export class PackService {
  private readonly dataDir: string;
  private readonly retirement: FolderRetirement;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly d: PackServiceDeps) {
    this.dataDir = path.resolve(d.dataDir);
    this.retirement = new FolderRetirement(d.store, d.notifier, d.logger, () => this.foldersInUse());
  }

  /** Installs a pack (a new one, or an upgrade with `upgrade: true`); its rules start disabled. */
  importPack(req: ImportRequest): Promise<PackReport> {
    return this.exclusive(() => this.run(req, false));
  }

  /** The import's checks and report without installing anything. */
  validate(req: ImportRequest): Promise<PackReport> {
    return this.exclusive(() => this.run(req, true));
  }

  /** Re-reads an installed pack's folder (edited in place) and installs it again. */
  reload(ref: string): Promise<PackReport> {
    return this.exclusive(async () => {
      const pack = getPack(this.d.store.read, ref);
      if (!pack) throw notFound('pack', ref);
      if (isCore(pack, ref)) throw fixedPack(ref, 'is reinstalled from the app at every start');
      if (pack.path === null || !fs.existsSync(pack.path)) {
        throw new AttuneError('BAD_REQUEST', `ref: pack "${ref}" has no folder to reload from`, {
          field: 'ref',
        });
      }
      const loaded = readPackFolder(pack.path);
      const result = validatePack(loaded, { ...this.validateOptions(ref), expectedPackRef: ref });
      if (!result.ok) throw refused(result.problems);
      return this.install(result.model, pack, pack.path, {}, true, result.warnings);
    });
  }

  /** Removes a pack, its secrets and (once nothing runs from it) its folder. */
  deletePack(ref: string): Promise<{ ref: string; deleted: true }> {
    return this.exclusive(async () => {
      const read = this.d.store.read;
      const pack = getPack(read, ref);
      if (!pack) throw notFound('pack', ref);
      if (isCore(pack, ref)) throw fixedPack(ref, 'cannot be deleted');
      if (ref === USER_PACK) {
        throw new AttuneError(
          'BAD_REQUEST',
          `ref: pack "${ref}" holds the rules created on this machine and cannot be deleted; delete its rules instead`,
          { field: 'ref' },
        );
      }
      refuseIfUsed(this.d.store, ref, new Set(), new Set(), 'deleted');
      const before = new Map(listAllRules(read, { pack_ref: ref }).map((r) => [r.ref, r]));
      const triggers = listTriggers(read, ref).map((t) => t.ref);
      this.d.store.transaction((w) => {
        for (const r of before.keys()) deleteRule(w, r);
        for (const t of triggers) deleteTrigger(w, t);
        for (const a of listActions(w, ref)) deleteAction(w, a.ref);
        deleteKeysOwnedBy(w, [ref, ...triggers]);
        deletePack(w, ref);
      });
      this.announce(ref, before, 'deleted', pack.version);
      if (isManagedFolder(this.dataDir, pack.path)) this.retirement.retire(pack.path, ref);
      return { ref, deleted: true as const };
    });
  }

  /** Writes rules or a whole pack as a folder or .tar.gz (or returns the .tar.gz bytes). */
  async exportPack(input: PackExportRequest): Promise<PackExportResult> {
    if (input.path !== undefined && !path.isAbsolute(input.path)) {
      throw new AttuneError('VALIDATION_ERROR', 'path: must be an absolute path', { field: 'path' });
    }
    if (input.format === 'folder' && input.path === undefined) {
      throw new AttuneError('VALIDATION_ERROR', 'path: a folder export needs the folder to write', {
        field: 'path',
      });
    }
    const { model, warnings } = buildExportModel(this.d.store, {
      rules: input.rules,
      pack: input.pack,
      asPack: input.as_pack,
    });
    const ref = model.pack.ref;
    // What is written must import again: check it as an import would (past one-shots aside).
    const checkOptions = { ...this.validateOptions(ref), now: Number.NEGATIVE_INFINITY };
    let check = validatePack(model, checkOptions);
    if (!check.ok && input.pack !== undefined) {
      // A whole-pack export (a backup) leaves out rules that cannot be written back, such as a
      // StackStorm rule whose conversion lost a Jinja filter, and says so; asked-for rules fail.
      const bad = new Set(check.problems.map((p) => p.file));
      const dropped = model.rules.filter((r) => bad.has(`rules/${refName(r.ref)}.yaml`));
      for (const r of dropped) {
        const why = check.problems.filter((p) => p.file === `rules/${refName(r.ref)}.yaml`);
        warnings.push(`rule ${r.ref} is left out: ${why.map((p) => `${p.field} — ${p.message}`).join('; ')}`);
      }
      model.rules = model.rules.filter((r) => !dropped.includes(r));
      check = validatePack(model, checkOptions);
    }
    if (!check.ok) {
      throw new AttuneError(
        'UNPROCESSABLE_ENTITY',
        `the exported pack would not import:\n${check.problems.map(formatProblem).join('\n')}`,
        { details: check.problems },
      );
    }
    const options = { resolver: storeResolver(this.d.store, ref) };
    warnings.push(...shellQuotingWarnings(model, options.resolver));
    const files = renderPackFiles(model, options).map((f) => f.path);
    const base = {
      pack: ref,
      version: model.pack.version,
      format: input.format,
      filename: `${ref}-${model.pack.version}.tar.gz`,
      files,
      warnings,
    };
    const target = input.path;
    if (input.format === 'folder' && target !== undefined) {
      await withPath('path', target, 'write', () => writePackFolder(model, target, options));
      return { ...base, path: target };
    }
    if (target !== undefined) {
      await withPath('path', target, 'write', async () => {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        await writePackTarGz(model, target, options);
      });
      return { ...base, path: target };
    }
    return { ...base, path: null, bytes_base64: Buffer.from(packTarGz(model, options)).toString('base64') };
  }

  /** Removes version folders no pack points at (old versions, crashed imports). Run at start. */
  collectGarbage(): string[] {
    const removed = collectPackFolders(this.dataDir, this.foldersInUse());
    if (removed.length > 0) this.d.logger.info('removed unused pack folders', { folders: removed });
    return removed;
  }

  /** Stops watching old folders; what is left goes at the next start. */
  close(): void {
    this.retirement.close();
  }

  private async run(req: ImportRequest, dryRun: boolean): Promise<PackReport> {
    const source = await openPackSource(req);
    try {
      const loaded = readPackFolder(source.dir);
      const ref = loaded.model.pack.ref;
      const result = validatePack(loaded, this.validateOptions(ref));
      const read = this.d.store.read;
      const existing = ref === '' ? null : getPack(read, ref);
      if (!result.ok) {
        if (!dryRun) throw refused(result.problems);
        return reportFromStore(read, {
          model: loaded.model,
          operation: 'validated',
          problems: result.problems,
          warnings: result.warnings,
          previousVersion: existing?.version ?? null,
          path: null,
          given: {},
        });
      }
      const model = result.model;
      if (isCore(existing, ref)) throw fixedPack(ref, 'cannot be replaced by import');
      if (ref === USER_PACK) {
        throw new AttuneError(
          'CONFLICT',
          `ref: pack "${ref}" holds the rules created on this machine and cannot be replaced by import; export them under another ref (as_pack, CLI --as) to move them`,
          { field: 'ref' },
        );
      }
      if (existing && !req.upgrade && !dryRun) {
        throw new AttuneError(
          'CONFLICT',
          `pack "${ref}" is already installed (version ${existing.version}); import with upgrade: true (CLI: --upgrade) to replace it with version ${model.pack.version}`,
          { field: 'upgrade' },
        );
      }
      const secrets = checkSecrets(model, req.secrets ?? {});
      refuseIfUsed(
        this.d.store,
        ref,
        new Set(model.triggers.map((t) => t.ref)),
        new Set(model.actions.map((a) => a.ref)),
        'removed by this version',
      );
      if (dryRun) {
        return reportFromStore(read, {
          model,
          operation: 'validated',
          problems: [],
          warnings: result.warnings,
          previousVersion: existing?.version ?? null,
          path: null,
          given: secrets,
        });
      }
      const copied = copyPackIntoDataFolder(source.dir, this.dataDir, ref, model.pack.version);
      this.retirement.claim(copied.dir);
      const linkWarnings = copied.skipped.map(
        (file): PackProblem => ({
          file,
          line: 1,
          column: 1,
          field: '',
          message: 'a link leading outside the pack or to a folder; not copied',
        }),
      );
      try {
        return this.install(model, existing, copied.dir, secrets, false, [
          ...result.warnings,
          ...linkWarnings,
        ]);
      } catch (err) {
        if (copied.created && !this.foldersInUse().has(copied.dir)) {
          fs.rmSync(copied.dir, { recursive: true, force: true });
        }
        throw err;
      }
    } finally {
      await source.cleanup();
    }
  }

  /** One transaction: rows, secrets and `packs.path`; then the old folder is retired. */
  private install(
    model: PackModel,
    existing: Pack | null,
    dir: string,
    secrets: JsonObject,
    keepEnabled: boolean,
    warnings: PackProblem[],
  ): PackReport {
    const ref = model.pack.ref;
    const read = this.d.store.read;
    const before = new Map(listAllRules(read, { pack_ref: ref }).map((r) => [r.ref, r]));
    // An upgrade must not change code under enabled rules of other packs unseen.
    const changed =
      existing && !keepEnabled
        ? changedActions(listActions(read, ref), existing.path, model, dir)
        : new Map<string, string>();
    const now = this.d.clock.now();
    let elsewhere: DisabledRule[] = [];
    const summary = this.d.store.transaction((w) => {
      const installed = installPackModel(w, model, {
        path: dir,
        system: false,
        now,
        vault: this.d.vault,
        enableRules: false,
        keepEnabled,
        secrets,
      });
      elsewhere = disableRulesUsing(w, ref, changed, now);
      return installed;
    });
    const operation = keepEnabled ? 'reloaded' : existing ? 'upgraded' : 'installed';
    this.announce(ref, before, operation, model.pack.version, elsewhere);
    if (existing && existing.path !== dir && isManagedFolder(this.dataDir, existing.path)) {
      this.retirement.retire(existing.path, ref);
    }
    const previouslyEnabled = keepEnabled
      ? []
      : [...before.values()]
          .filter((r) => r.enabled && model.rules.some((m) => m.ref === r.ref))
          .map((r) => r.ref);
    return reportFromStore(read, {
      model,
      operation,
      problems: [],
      warnings,
      previousVersion: existing?.version ?? null,
      path: dir,
      given: secrets,
      removed: summary.removed,
      previouslyEnabled: [...previouslyEnabled, ...elsewhere.map((r) => r.ref)],
      otherRulesDisabled: elsewhere.map(({ ref, action_ref, reason }) => ({ ref, action_ref, reason })),
    });
  }

  /** After a pack's rows changed: caches dropped, every rule change announced, the pack too. */
  private announce(
    ref: string,
    before: Map<string, Rule>,
    change: string,
    version: string,
    elsewhere: readonly DisabledRule[] = [],
  ): void {
    const after = listAllRules(this.d.store.read, { pack_ref: ref });
    const changes: RuleChange[] = after.map((rule) => {
      const previous = before.get(rule.ref);
      return previous ? { kind: 'updated', rule, previous } : { kind: 'created', rule };
    });
    for (const { rule, previous } of elsewhere) changes.push({ kind: 'updated', rule, previous });
    const kept = new Set(after.map((r) => r.ref));
    for (const [r, previous] of before) if (!kept.has(r)) changes.push({ kind: 'deleted', previous });
    this.d.packContexts.invalidate();
    this.d.rules.announce(changes);
    this.d.notifier.publish('pack_changed', 'pack', ref, { change, version });
  }

  private validateOptions(ownRef: string) {
    return {
      resolver: storeResolver(this.d.store, ownRef),
      now: this.d.clock.now(),
      defaultTimezone: this.d.defaultTimezone,
    };
  }

  private foldersInUse(): Set<string> {
    return new Set(
      listPacks(this.d.store.read)
        .map((p) => p.path)
        .filter((p): p is string => p !== null),
    );
  }

  /** Pack operations run one at a time: two imports of one pack must not both find it absent. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
