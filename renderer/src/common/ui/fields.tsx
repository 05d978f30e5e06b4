/**
 * Form fields with a label, an optional description and an error that is announced and linked
 * (`aria-invalid`, `aria-describedby`): text fields on react-aria-components, a native select
 * for short fixed lists (keyboard and screen readers know it best).
 */
import { type ReactNode, useId } from 'react';
import { FieldError, Input, Label, Text, TextArea, TextField } from 'react-aria-components';

interface FieldBase {
  label: ReactNode;
  description?: ReactNode;
  /** Error text; makes the field invalid. */
  error?: string | undefined;
  isRequired?: boolean;
  isDisabled?: boolean;
  className?: string;
  /** The accessible name when `label` is visually hidden. */
  hideLabel?: boolean;
}

export interface TextInputProps extends FieldBase {
  value: string;
  onChange: (v: string) => void;
  onBlur?: () => void;
  type?: 'text' | 'number' | 'url' | 'search' | 'password' | 'datetime-local';
  placeholder?: string;
  multiline?: boolean;
  rows?: number;
  spellCheck?: boolean;
  autoFocus?: boolean;
  name?: string;
  inputClassName?: string;
  /** Extra ids the input is described by (e.g. an inline preview). */
  describedBy?: string;
  onKeyDown?: (e: React.KeyboardEvent) => void;
  inputRef?: React.Ref<HTMLInputElement & HTMLTextAreaElement>;
  /** Autocomplete list for the input (a `<datalist>` id). */
  list?: string;
}

export function TextInput(p: TextInputProps) {
  const common = {
    className: ['input', p.inputClassName ?? ''].join(' '),
    placeholder: p.placeholder,
    spellCheck: p.spellCheck ?? false,
    onKeyDown: p.onKeyDown,
    ...(p.describedBy ? { 'aria-describedby': p.describedBy } : {}),
  };
  return (
    <TextField
      className={['field', p.className ?? ''].join(' ')}
      value={p.value}
      onChange={p.onChange}
      {...(p.onBlur ? { onBlur: p.onBlur } : {})}
      isInvalid={!!p.error}
      isRequired={p.isRequired ?? false}
      isDisabled={p.isDisabled ?? false}
      validationBehavior="aria"
      {...(p.name ? { name: p.name } : {})}
      {...(p.autoFocus ? { autoFocus: true } : {})}
      type={p.type ?? 'text'}
    >
      <Label className={p.hideLabel ? 'visually-hidden' : 'field-label'}>{p.label}</Label>
      {p.multiline ? (
        <TextArea {...common} rows={p.rows ?? 3} ref={p.inputRef} />
      ) : (
        <Input {...common} ref={p.inputRef} {...(p.list ? { list: p.list } : {})} />
      )}
      {p.description && (
        <Text slot="description" className="field-description">
          {p.description}
        </Text>
      )}
      <FieldError className="field-error">{p.error}</FieldError>
    </TextField>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectInputProps extends FieldBase {
  value: string;
  onChange: (v: string) => void;
  options: readonly SelectOption[];
}

export function SelectInput(p: SelectInputProps) {
  const id = useId();
  const descId = `${id}-desc`;
  const errId = `${id}-err`;
  const describedBy = [p.description ? descId : null, p.error ? errId : null].filter(Boolean).join(' ');
  return (
    <div className={['field', p.className ?? ''].join(' ')}>
      <label htmlFor={id} className={p.hideLabel ? 'visually-hidden' : 'field-label'}>
        {p.label}
      </label>
      <select
        id={id}
        className="input select"
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        disabled={p.isDisabled}
        required={p.isRequired}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy || undefined}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {p.description && (
        <span id={descId} className="field-description">
          {p.description}
        </span>
      )}
      {p.error && (
        <span id={errId} className="field-error" role="alert">
          {p.error}
        </span>
      )}
    </div>
  );
}
