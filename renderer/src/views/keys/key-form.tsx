/**
 * Create or edit a key: ref, name, owner (system, a pack or an action), whether it is encrypted,
 * and the value — text, or JSON when it parses as JSON and "JSON value" is on. Editing an
 * encrypted key never shows its value: a new one replaces it, an empty one keeps it.
 */
import { useState } from 'react';
import type { KeyOwnerType, KeySummary } from '../../../../core/contract/keys.ts';
import { ApiError, errorMessage } from '../../common/api/invoke.ts';
import { Button } from '../../common/ui/button.tsx';
import { ModalDialog } from '../../common/ui/dialog.tsx';
import { SelectInput, TextInput } from '../../common/ui/fields.tsx';
import { Switch } from '../../common/ui/switch.tsx';
import { useSaveKey } from './mutations.ts';

const OWNER_TYPES = [
  { value: 'system', label: 'System (every rule)' },
  { value: 'pack', label: 'A pack' },
  { value: 'action', label: 'An action' },
] as const;

/** The value as typed, or parsed when it is meant as JSON; an error names what is wrong. */
function parseValue(
  text: string,
  asJson: boolean,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!asJson) return { ok: true, value: text };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: `not JSON: ${(err as Error).message}` };
  }
}

export function KeyForm({
  existing,
  isOpen,
  onOpenChange,
}: {
  /** The key being edited; absent for a new one. */
  existing: KeySummary | null;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const save = useSaveKey();
  const [ref, setRef] = useState(existing?.ref ?? '');
  const [name, setName] = useState(existing?.name ?? '');
  const [ownerType, setOwnerType] = useState<KeyOwnerType>(existing?.owner_type ?? 'system');
  const [owner, setOwner] = useState(existing?.owner ?? '');
  const [encrypted, setEncrypted] = useState(existing?.encrypted ?? true);
  const [asJson, setAsJson] = useState(false);
  const [text, setText] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const error = save.error;
  const field = error instanceof ApiError ? error.field : undefined;
  const fieldError = (...names: string[]) =>
    field !== undefined && names.includes(field) ? errorMessage(error) : undefined;

  const submit = () => {
    setLocalError(null);
    const parsed = parseValue(text, asJson);
    if (!parsed.ok) return setLocalError(parsed.message);
    const value = parsed.value as never;
    const done = { onSuccess: () => onOpenChange(false) };
    if (existing) {
      save.mutate(
        {
          create: false,
          input: {
            ref: existing.ref,
            name: name || existing.ref,
            encrypted,
            ...(text !== '' ? { value } : {}),
          },
        },
        done,
      );
      return;
    }
    if (text === '') return setLocalError('a value is required');
    save.mutate(
      {
        create: true,
        input: {
          ref,
          ...(name ? { name } : {}),
          owner_type: ownerType,
          ...(ownerType === 'pack' ? { owner_pack_ref: owner } : {}),
          ...(ownerType === 'action' ? { owner_action_ref: owner } : {}),
          value,
          encrypted,
        },
      },
      done,
    );
  };

  return (
    <ModalDialog
      title={existing ? `Edit key ${existing.ref}` : 'New key'}
      isOpen={isOpen}
      onOpenChange={onOpenChange}
    >
      <form
        className="ky-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {!existing && (
          <TextInput
            label="Ref"
            value={ref}
            onChange={setRef}
            isRequired
            autoFocus
            error={fieldError('ref')}
            description="Templates read it as {{ keystore.<ref> }}."
          />
        )}
        <TextInput label="Name" value={name} onChange={setName} error={fieldError('name')} />
        {!existing && (
          <SelectInput
            label="Owner"
            value={ownerType}
            onChange={(v) => setOwnerType(v as KeyOwnerType)}
            options={OWNER_TYPES}
            error={fieldError('owner_type')}
          />
        )}
        {!existing && ownerType !== 'system' && (
          <TextInput
            label={ownerType === 'pack' ? 'Pack ref' : 'Action ref'}
            value={owner}
            onChange={setOwner}
            isRequired
            error={fieldError('owner_pack_ref', 'owner_action_ref', 'owner_pack', 'owner_action')}
          />
        )}
        <Switch isSelected={encrypted} onChange={setEncrypted}>
          Encrypted (sealed with the master key; shown only on request)
        </Switch>
        <TextInput
          label={existing ? 'New value' : 'Value'}
          type={encrypted ? 'password' : 'text'}
          value={text}
          onChange={setText}
          isRequired={!existing}
          autoFocus={existing !== null}
          description={existing ? 'Leave empty to keep the current value.' : undefined}
          error={localError ?? fieldError('value')}
        />
        <Switch isSelected={asJson} onChange={setAsJson}>
          JSON value (a number, list or object instead of text)
        </Switch>
        {error !== null && error !== undefined && !field && (
          <p className="field-error" role="alert">
            {errorMessage(error)}
          </p>
        )}
        <div className="dialog-actions">
          <Button onPress={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" isDisabled={save.isPending}>
            {existing ? 'Save' : 'Create key'}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
