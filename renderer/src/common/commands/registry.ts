/**
 * One command registry (Excalidraw's actions): a command has a label, an optional shortcut, an
 * enabled check and a perform function. Buttons, menus, the palette and keyboard shortcuts all
 * go through it, so every command is reachable from the keyboard. Views register their own
 * commands while mounted with `useCommands`.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { formatShortcut, matchesShortcut } from '../../domain/shortcuts.ts';

export interface Command {
  /** Stable id, e.g. `nav.rules`, `rule.save`. */
  id: string;
  label: string;
  /** Palette section: "Go to", "Rule", "Theme"… */
  group: string;
  /** `Mod+K` style (domain/shortcuts.ts). */
  shortcut?: string;
  keywords?: readonly string[];
  /** When false the command is hidden from the palette and its shortcut does nothing. */
  enabled?: () => boolean;
  /** Whether the shortcut also fires while typing in a field (e.g. Save). */
  inFields?: boolean;
  perform: () => void;
}

const commands = new Map<string, Command>();
const listeners = new Set<() => void>();
let snapshot: readonly Command[] = [];

function changed(): void {
  snapshot = [...commands.values()];
  for (const l of listeners) l();
}

/** Adds commands (a later one with the same id replaces the earlier); returns the removal. */
export function registerCommands(list: readonly Command[]): () => void {
  for (const c of list) commands.set(c.id, c);
  changed();
  return () => {
    for (const c of list) if (commands.get(c.id) === c) commands.delete(c.id);
    changed();
  };
}

/** Every registered command that is enabled now. */
export function enabledCommands(): Command[] {
  return snapshot.filter((c) => c.enabled?.() ?? true);
}

/** Runs a command by id when it exists and is enabled; returns whether it ran. */
export function runCommand(id: string): boolean {
  const c = commands.get(id);
  if (!c || !(c.enabled?.() ?? true)) return false;
  c.perform();
  return true;
}

export function useRegisteredCommands(): readonly Command[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => snapshot,
  );
}

/** Registers `list` while the calling component is mounted (re-registered when `deps` change). */
export function useCommands(list: () => readonly Command[], deps: readonly unknown[]): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller states the dependencies
  useEffect(() => registerCommands(list()), deps);
}

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** A command's shortcut as this platform writes it ("Ctrl+K", "⌘K"). */
export function shortcutLabel(c: Pick<Command, 'shortcut'>): string | undefined {
  return c.shortcut ? formatShortcut(c.shortcut, IS_MAC) : undefined;
}

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

/** Listens for every registered shortcut on the window; returns the removal. */
export function listenForShortcuts(): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented) return;
    for (const c of enabledCommands()) {
      if (!c.shortcut || !matchesShortcut(c.shortcut, e, IS_MAC)) continue;
      // Plain keys belong to the field being typed in; chords with Mod reach the commands.
      if (typingIn(e.target) && !c.inFields && !c.shortcut.toLowerCase().includes('mod+')) continue;
      e.preventDefault();
      c.perform();
      return;
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
