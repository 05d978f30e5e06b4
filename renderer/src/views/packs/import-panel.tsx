/**
 * Import: drop an archive, choose one, or name a folder or archive on the host's machine. The
 * pack is validated first and its review shown — problems, what each action will run, what
 * each rule does — then imported (secrets asked for, an upgrade said so), its rules disabled
 * until enabled one by one below the review.
 */
import { useState } from 'react';
import { DropZone, type DropZoneProps, FileTrigger, Text } from 'react-aria-components';
import type { PackReport } from '../../../../core/contract/packs.ts';
import { ApiError, errorMessage } from '../../common/api/invoke.ts';
import { Button } from '../../common/ui/button.tsx';
import { TextInput } from '../../common/ui/fields.tsx';
import {
  ARCHIVE_TYPES,
  bytesToBase64,
  importNeeds,
  isPackArchive,
  MAX_UPLOAD_BYTES,
  secretsToSend,
} from '../../domain/pack-review.ts';
import { EnableRules } from './enable-rules.tsx';
import { type PackSource, useImportPack, useValidatePack } from './mutations.ts';
import { PackReview, ProblemList } from './pack-review.tsx';

type Problem = PackReport['problems'][number];
type DropEvent = Parameters<NonNullable<DropZoneProps['onDrop']>>[0];

/** Problems an error carries (a refused import lists them in `details`). */
function problemsOf(err: unknown): Problem[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  return err.details.filter((p): p is Problem => typeof p === 'object' && p !== null && 'file' in p);
}

function ErrorWithProblems({ error, title }: { error: unknown; title: string }) {
  const problems = problemsOf(error);
  if (problems.length > 0) return <ProblemList problems={problems} title={title} tone="error" />;
  return (
    <p className="banner banner-error" role="alert">
      <strong>{title}:</strong> {errorMessage(error)}
    </p>
  );
}

async function readFile(file: File): Promise<PackSource> {
  if (!isPackArchive(file.name)) throw new Error(`${file.name} is not a .tar.gz, .tar or .zip archive`);
  if (file.size > MAX_UPLOAD_BYTES) {
    throw new Error(
      `${file.name} is ${Math.round(file.size / 1024)} KB; archives up to ${MAX_UPLOAD_BYTES / 1024} KB can be sent here — give its path below instead`,
    );
  }
  return { kind: 'file', name: file.name, base64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) };
}

export function ImportPanel({ title = 'Import a pack' }: { title?: string }) {
  const validate = useValidatePack();
  const importer = useImportPack();
  const [source, setSource] = useState<PackSource | null>(null);
  const [path, setPath] = useState('');
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [readError, setReadError] = useState<string | null>(null);

  const start = (s: PackSource) => {
    setSource(s);
    setSecrets({});
    setReadError(null);
    importer.reset();
    validate.mutate(s);
  };
  const takeFile = async (file: File | null | undefined) => {
    if (!file) return;
    try {
      start(await readFile(file));
    } catch (err) {
      setReadError(errorMessage(err));
    }
  };
  const onDrop = async (e: DropEvent) => {
    const item = e.items.find((i) => i.kind === 'file');
    if (item?.kind === 'file') await takeFile(await item.getFile());
  };

  const report = validate.data;
  const needs = report ? importNeeds(report) : null;
  const imported = importer.data;
  return (
    <section className="card" aria-labelledby="pk-import-title">
      <h2 id="pk-import-title">{title}</h2>
      <DropZone
        className="pk-drop"
        onDrop={onDrop}
        getDropOperation={() => 'copy'}
        aria-label="Drop a pack archive here"
      >
        <Text slot="label">Drop a .tar.gz or .zip here, or</Text>{' '}
        <FileTrigger acceptedFileTypes={ARCHIVE_TYPES} onSelect={(files) => void takeFile(files?.[0])}>
          <Button variant="primary">Choose an archive…</Button>
        </FileTrigger>
      </DropZone>
      <form
        className="pk-path"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) start({ kind: 'path', path: path.trim() });
        }}
      >
        <TextInput
          className="rec-grow"
          label="…or a folder or archive on this machine"
          value={path}
          onChange={setPath}
          placeholder="/home/me/packs/backups"
          error={
            validate.error instanceof ApiError && validate.error.field === 'path'
              ? validate.error.message
              : undefined
          }
        />
        <Button type="submit" isDisabled={!path.trim() || validate.isPending}>
          Check
        </Button>
      </form>
      {readError && (
        <p className="banner banner-error" role="alert">
          {readError}
        </p>
      )}
      {validate.isPending && <p role="status">Checking the pack…</p>}
      {validate.error && !(validate.error instanceof ApiError && validate.error.field === 'path') && (
        <ErrorWithProblems error={validate.error} title="The pack was refused" />
      )}
      {report && needs && source && !imported && (
        <section className="pk-step" aria-label="Review before importing">
          <PackReview report={report} />
          {needs.blocked ? (
            <p className="banner banner-error">
              Fix the problems above and check again; nothing was imported.
            </p>
          ) : (
            <form
              className="pk-confirm"
              onSubmit={(e) => {
                e.preventDefault();
                importer.mutate({ source, upgrade: needs.upgrade, secrets: secretsToSend(secrets) });
              }}
            >
              {needs.secrets.map((name) => (
                <TextInput
                  key={name}
                  label={`Secret ${name}`}
                  type="password"
                  value={secrets[name] ?? ''}
                  onChange={(v) => setSecrets((old) => ({ ...old, [name]: v }))}
                  description="Stored encrypted; you can also give it later."
                  error={
                    importer.error instanceof ApiError && importer.error.field === `secrets.${name}`
                      ? importer.error.message
                      : undefined
                  }
                />
              ))}
              <p className="rec-small rec-muted">
                Its rules are imported disabled: enable each one after reading what it does.
              </p>
              <Button type="submit" variant="primary" isDisabled={importer.isPending}>
                {needs.upgrade
                  ? `Upgrade ${report.pack.ref} to ${report.pack.version}`
                  : `Import ${report.pack.ref}`}
              </Button>
              {importer.error && <ErrorWithProblems error={importer.error} title="The import failed" />}
            </form>
          )}
        </section>
      )}
      {imported && (
        <section className="pk-step" aria-label="Imported">
          <p className="banner banner-info" role="status">
            {imported.operation === 'upgraded' ? 'Upgraded' : 'Imported'} {imported.pack.ref}{' '}
            {imported.pack.version}. Its rules are disabled until you enable them.
          </p>
          <PackReview report={imported} />
          <EnableRules report={imported} />
        </section>
      )}
    </section>
  );
}
