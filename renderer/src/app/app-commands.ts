/** The app's own commands: open the palette, go to each view, pick a theme. */
import { navigate } from 'wouter/use-hash-location';
import type { Command } from '../common/commands/registry.ts';
import { setThemePreference } from '../common/theme/theme.ts';
import { NAV_ITEMS } from './routes.tsx';

export function appCommands(openPalette: () => void): Command[] {
  return [
    {
      id: 'palette.open',
      label: 'Open the command palette',
      group: 'General',
      shortcut: 'Mod+K',
      inFields: true,
      perform: openPalette,
    },
    ...NAV_ITEMS.map(
      (n): Command => ({
        id: `nav.${n.label.toLowerCase()}`,
        label: `Go to ${n.label}`,
        group: 'Go to',
        shortcut: n.shortcut,
        keywords: [n.label, ...n.keywords],
        perform: () => navigate(n.path),
      }),
    ),
    {
      id: 'rule.new',
      label: 'New rule',
      group: 'Rules',
      keywords: ['create', 'add', 'builder'],
      perform: () => navigate('/rules/new'),
    },
    ...(['system', 'light', 'dark'] as const).map(
      (t): Command => ({
        id: `theme.${t}`,
        label: t === 'system' ? 'Theme: follow the system' : `Theme: ${t}`,
        group: 'Theme',
        keywords: ['appearance', 'colour', 'color', 'mode'],
        perform: () => setThemePreference(t),
      }),
    ),
  ];
}
