/** The sidebar: the views, the command palette and the theme switch. */
import { Link, useLocation } from 'wouter';
import { runCommand, shortcutLabel } from '../common/commands/registry.ts';
import { ThemeMenu } from '../common/theme/theme-menu.tsx';
import { Button } from '../common/ui/button.tsx';
import { NAV_ITEMS, navItemOf } from './routes.tsx';

export function Sidebar() {
  const [location] = useLocation();
  const current = navItemOf(location);
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        Attune Desktop
      </div>
      <Button variant="ghost" className="palette-button" onPress={() => runCommand('palette.open')}>
        <span>Jump to…</span>
        <kbd className="kbd">{shortcutLabel({ shortcut: 'Mod+K' })}</kbd>
      </Button>
      <ul className="nav-list">
        {NAV_ITEMS.map((n) => (
          <li key={n.path}>
            <Link
              href={n.path}
              className="nav-link"
              aria-current={current?.path === n.path ? 'page' : undefined}
            >
              {n.label}
            </Link>
          </li>
        ))}
      </ul>
      <div className="sidebar-footer">
        <ThemeMenu />
      </div>
    </nav>
  );
}
