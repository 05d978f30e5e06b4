/**
 * Page object for the app shell: opening with the token link, the sidebar, the command palette,
 * the theme switch and the status bar. Role and label locators, like a user would look.
 */
import type { Locator, Page } from 'playwright-core';
import { clickToggle } from '../support/controls.ts';

export type ViewName =
  | 'Dashboard'
  | 'Rules'
  | 'Events'
  | 'Executions'
  | 'Timers'
  | 'Sensors'
  | 'Packs'
  | 'Settings'
  | 'Keys';

export class AppShell {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** Opens the link the host prints (`/#token=…`), optionally at a route. */
  async open(token: string, route?: string): Promise<void> {
    const suffix = route ? `&route=${encodeURIComponent(route)}` : '';
    await this.page.goto(`${this.baseUrl}/#token=${token}${suffix}`);
    await this.statusBar().getByText('Connected').waitFor();
  }

  /** Goes to a hash route directly (a deep link in the same tab). */
  async goto(route: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#${route}`);
  }

  sidebar(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' });
  }

  navLink(view: ViewName): Locator {
    return this.sidebar().getByRole('link', { name: view, exact: true });
  }

  async navigate(view: ViewName): Promise<void> {
    await this.navLink(view).click();
    await this.heading(view).waitFor();
  }

  heading(name: string): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1, name });
  }

  statusBar(): Locator {
    return this.page.getByRole('contentinfo');
  }

  version(): Locator {
    return this.page.getByTestId('version');
  }

  /** The hash route shown in the address bar (`/rules/local.x`). */
  route(): string {
    return decodeURIComponent(new URL(this.page.url()).hash.replace(/^#/, ''));
  }

  palette(): Locator {
    return this.page.getByRole('dialog', { name: 'Command palette' });
  }

  async openPalette(): Promise<Locator> {
    await this.page.keyboard.press('Control+k');
    await this.palette().waitFor();
    return this.palette();
  }

  /** Types into the palette and picks the entry named `entry`. */
  async runFromPalette(query: string, entry: string | RegExp): Promise<void> {
    const palette = await this.openPalette();
    await palette.getByRole('searchbox').fill(query);
    await palette.getByRole('menuitem', { name: entry }).first().click();
    await palette.waitFor({ state: 'hidden' });
  }

  themeChoice(name: 'System' | 'Light' | 'Dark'): Locator {
    return this.sidebar().getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name });
  }

  /** Clicks a theme choice where a user would: on its visible text. */
  async pickTheme(name: 'System' | 'Light' | 'Dark'): Promise<void> {
    await clickToggle(this.themeChoice(name));
  }

  async theme(): Promise<string | undefined> {
    return this.page.evaluate(() => document.documentElement.dataset.theme);
  }
}
