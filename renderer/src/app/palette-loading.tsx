/**
 * What the command palette shows while its chunk loads (only when it is opened in the app's
 * first second, before app.tsx preloads it): the same search field, keeping what is typed and
 * whether Enter was pressed, so the palette opens on that query and acts on it.
 */
import { type KeyboardEvent, useState } from 'react';
import type { TypedAhead } from './command-palette.tsx';

export function PaletteLoading({ typed, onClose }: { typed: TypedAhead; onClose: () => void }) {
  const [query, setQuery] = useState(typed.query);
  // Read before the field takes focus, and given back on Escape. When the palette takes over, it
  // focuses its own field in the same commit (command-palette.tsx), so keys keep their target.
  const [back] = useState(() => document.activeElement);
  const close = () => {
    onClose();
    if (back instanceof HTMLElement && back.isConnected) back.focus({ preventScroll: true });
  };
  const onKeyDown = (ev: KeyboardEvent<HTMLInputElement>) => {
    if (ev.key === 'Enter') typed.enter = true;
    else if (ev.key === 'Escape') close();
  };
  return (
    <div className="modal-overlay palette-overlay">
      <div
        className="modal palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        aria-busy="true"
      >
        <div className="palette-search">
          <input
            className="input palette-input"
            type="search"
            aria-label="Search commands, rules, or an event number"
            placeholder="Type a command, a rule, or an event number…"
            // biome-ignore lint/a11y/noAutofocus: a palette opened by its shortcut is typed into at once
            autoFocus
            value={query}
            onChange={(ev) => {
              typed.query = ev.target.value;
              setQuery(ev.target.value);
            }}
            onKeyDown={onKeyDown}
          />
        </div>
      </div>
    </div>
  );
}
