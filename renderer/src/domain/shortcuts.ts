/**
 * Keyboard shortcuts as text (`Mod+K`, `Mod+Shift+P`, `?`): `Mod` is ⌘ on macOS and Ctrl
 * elsewhere. Matching and display are pure so they are unit-tested and shared by the command
 * registry, menus and the palette.
 */

/** The parts of a KeyboardEvent a shortcut looks at. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface Parsed {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

function parse(shortcut: string): Parsed {
  const parts = shortcut.split('+');
  const key = (parts.pop() ?? '').toLowerCase();
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return { mod: mods.has('mod'), shift: mods.has('shift'), alt: mods.has('alt'), key };
}

/** True when `press` is `shortcut` on this platform (`mac`: ⌘ is Mod). */
export function matchesShortcut(shortcut: string, press: KeyPress, mac: boolean): boolean {
  const s = parse(shortcut);
  const mod = mac ? press.metaKey : press.ctrlKey;
  const otherMod = mac ? press.ctrlKey : press.metaKey;
  if (s.mod !== mod || otherMod) return false;
  if (s.alt !== press.altKey) return false;
  // A printable symbol such as `?` already implies Shift on most layouts.
  if (s.key.length === 1 && !/[a-z0-9]/.test(s.key)) return press.key === s.key;
  return s.shift === press.shiftKey && press.key.toLowerCase() === s.key;
}

/** `Mod+K` as the user's platform writes it: `⌘K` on macOS, `Ctrl+K` elsewhere. */
export function formatShortcut(shortcut: string, mac: boolean): string {
  const s = parse(shortcut);
  const key = s.key.length === 1 ? s.key.toUpperCase() : s.key[0]?.toUpperCase() + s.key.slice(1);
  if (mac) return `${s.mod ? '⌘' : ''}${s.alt ? '⌥' : ''}${s.shift ? '⇧' : ''}${key}`;
  return [s.mod ? 'Ctrl' : null, s.alt ? 'Alt' : null, s.shift ? 'Shift' : null, key]
    .filter(Boolean)
    .join('+');
}
