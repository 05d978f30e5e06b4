/**
 * A text field that completes `{{ event.payload.* }}` names (or a fixed list of choices) as a
 * combobox: ↓/↑ move through the suggestions, Enter or Tab takes one, Escape closes. Label,
 * description and error are linked with aria-describedby; an error sets aria-invalid.
 */
import { type ReactNode, useId, useRef, useState } from 'react';
import { applyCompletion, type Completion, completeTemplate } from '../../../domain/template-complete.ts';

export interface TemplateInputProps {
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  onBlur?: () => void;
  /** Names offered inside `{{ }}`. */
  paths: readonly string[];
  /** Fixed choices offered when the text has no template (enums, booleans). */
  choices?: readonly string[];
  description?: ReactNode;
  error?: string | undefined;
  placeholder?: string;
  multiline?: boolean;
  secret?: boolean;
  required?: boolean;
  inputRef?: (el: HTMLInputElement | HTMLTextAreaElement | null) => void;
  name?: string;
}

function choiceCompletion(value: string, choices: readonly string[]): Completion | null {
  if (value.includes('{{')) return null;
  const options = choices.filter((c) => c !== value && c.toLowerCase().startsWith(value.toLowerCase()));
  return options.length ? { from: 0, to: value.length, partial: value, options } : null;
}

export function TemplateInput(p: TemplateInputProps) {
  const id = useId();
  const listId = `${id}-list`;
  const [completion, setCompletion] = useState<Completion | null>(null);
  const [active, setActive] = useState(0);
  const [reveal, setReveal] = useState(false);
  const el = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);

  const refresh = (value: string, caret: number) => {
    const c =
      completeTemplate(value, caret, p.paths) ?? (p.choices ? choiceCompletion(value, p.choices) : null);
    setCompletion(c);
    setActive(0);
  };

  const accept = (option: string) => {
    if (!completion) return;
    const next = applyCompletion(p.value, completion, option);
    p.onChange(next.text);
    setCompletion(null);
    requestAnimationFrame(() => el.current?.setSelectionRange(next.caret, next.caret));
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!completion) return;
    const n = completion.options.length;
    if (e.key === 'ArrowDown') setActive((a) => (a + 1) % n);
    else if (e.key === 'ArrowUp') setActive((a) => (a - 1 + n) % n);
    else if (e.key === 'Enter' || e.key === 'Tab') accept(completion.options[active] as string);
    else if (e.key === 'Escape') setCompletion(null);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const describedBy = [p.description ? `${id}-desc` : null, p.error ? `${id}-err` : null]
    .filter(Boolean)
    .join(' ');
  const open = completion !== null;
  const common = {
    id,
    name: p.name,
    className: `input${p.multiline ? ' mono' : ''}`,
    value: p.value,
    placeholder: p.placeholder,
    spellCheck: false,
    role: 'combobox',
    'aria-autocomplete': 'list' as const,
    'aria-expanded': open,
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open ? `${listId}-${active}` : undefined,
    'aria-invalid': p.error ? true : undefined,
    'aria-describedby': describedBy || undefined,
    'aria-required': p.required || undefined,
    onKeyDown,
    onBlur: () => {
      setCompletion(null);
      p.onBlur?.();
    },
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      p.onChange(e.target.value);
      refresh(e.target.value, e.target.selectionStart ?? e.target.value.length);
    },
    onFocus: (e: React.FocusEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      p.choices && !p.value && refresh(e.target.value, e.target.value.length),
    ref: (node: HTMLInputElement | HTMLTextAreaElement | null) => {
      el.current = node;
      p.inputRef?.(node);
    },
  };
  return (
    <div className="field template-field">
      <label htmlFor={id} className="field-label">
        {p.label}
      </label>
      <div className="template-control">
        {p.multiline ? (
          <textarea {...common} rows={3} />
        ) : (
          <input {...common} type={p.secret && !reveal ? 'password' : 'text'} autoComplete="off" />
        )}
        {p.secret && (
          <button
            type="button"
            className="btn btn-ghost btn-small reveal"
            aria-pressed={reveal}
            aria-label={reveal ? 'Hide value' : 'Show value'}
            onClick={() => setReveal((r) => !r)}
          >
            {reveal ? 'Hide' : 'Show'}
          </button>
        )}
        {open && (
          <div id={listId} role="listbox" className="suggestions" aria-label="Suggestions">
            {completion.options.map((o, i) => (
              <div
                key={o}
                id={`${listId}-${i}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                className="suggestion"
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(o);
                }}
              >
                {o}
              </div>
            ))}
          </div>
        )}
      </div>
      {p.description && (
        <span id={`${id}-desc`} className="field-description">
          {p.description}
        </span>
      )}
      {p.error && (
        <span id={`${id}-err`} className="field-error">
          {p.error}
        </span>
      )}
    </div>
  );
}
