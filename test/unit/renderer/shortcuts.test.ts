/** Keyboard shortcuts as text (renderer/src/domain/shortcuts.ts): Mod is ⌘ on macOS, Ctrl elsewhere. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatShortcut, type KeyPress, matchesShortcut } from '../../../renderer/src/domain/shortcuts.ts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

test('Mod+K is Ctrl+K on Linux and Windows, ⌘K on macOS', () => {
  assert.ok(matchesShortcut('Mod+K', press('k', { ctrlKey: true }), false));
  assert.ok(!matchesShortcut('Mod+K', press('k', { metaKey: true }), false));
  assert.ok(matchesShortcut('Mod+K', press('k', { metaKey: true }), true));
  assert.ok(!matchesShortcut('Mod+K', press('k', { ctrlKey: true }), true));
});

test('modifiers must match exactly', () => {
  assert.ok(!matchesShortcut('Mod+K', press('k', { ctrlKey: true, shiftKey: true }), false));
  assert.ok(!matchesShortcut('Mod+K', press('k'), false));
  assert.ok(matchesShortcut('Alt+2', press('2', { altKey: true }), false));
  assert.ok(matchesShortcut('Mod+Shift+P', press('P', { ctrlKey: true, shiftKey: true }), false));
});

test('a symbol key matches whatever Shift it needs on the layout', () => {
  assert.ok(matchesShortcut('?', press('?', { shiftKey: true }), false));
});

test('shortcuts are written the platform’s way', () => {
  assert.equal(formatShortcut('Mod+K', false), 'Ctrl+K');
  assert.equal(formatShortcut('Mod+K', true), '⌘K');
  assert.equal(formatShortcut('Mod+Shift+Enter', false), 'Ctrl+Shift+Enter');
  assert.equal(formatShortcut('Alt+2', true), '⌥2');
});
