/**
 * Light and dark: the OS decides unless the user picks one (kept in localStorage). The choice
 * is applied as `data-theme` on the root element, which switches the semantic colour variables
 * in app/styles/theme.css; components never hard-code a colour.
 */
import { useSyncExternalStore } from 'react';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'attune.theme';
const listeners = new Set<() => void>();
const media = () => window.matchMedia('(prefers-color-scheme: dark)');

export function themePreference(): ThemePreference {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function resolvedTheme(pref: ThemePreference = themePreference()): Theme {
  if (pref !== 'system') return pref;
  return media().matches ? 'dark' : 'light';
}

function apply(): void {
  const theme = resolvedTheme();
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  for (const l of listeners) l();
}

export function setThemePreference(pref: ThemePreference): void {
  if (pref === 'system') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, pref);
  apply();
}

/** Applies the theme now and follows the OS setting from then on (call once at start). */
export function startTheme(): void {
  apply();
  media().addEventListener('change', apply);
  // Another tab changed the preference.
  window.addEventListener('storage', (e) => {
    if (e.key === KEY) apply();
  });
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The preference and the theme in effect, re-rendering when either changes. */
export function useTheme(): { preference: ThemePreference; theme: Theme } {
  const preference = useSyncExternalStore(subscribe, themePreference);
  const theme = useSyncExternalStore(subscribe, () => resolvedTheme());
  return { preference, theme };
}
