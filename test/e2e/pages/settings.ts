/** Page object for Settings: the engine's data folder, the API address and token, the theme. */
import type { Locator, Page } from 'playwright-core';
import { clickToggle } from '../support/controls.ts';

export class SettingsPage {
  constructor(readonly page: Page) {}

  section(name: 'Engine' | 'API' | 'Webhooks' | 'Appearance' | 'Keyboard shortcuts'): Locator {
    return this.page.getByRole('main').getByRole('region', { name });
  }

  /** The value shown for a setting (`Data folder`, `Address`, `API token`). */
  value(label: string): Locator {
    return this.page
      .getByRole('main')
      .getByRole('definition')
      .filter({
        has: this.page.locator(`xpath=preceding-sibling::dt[normalize-space()="${label}"]`),
      });
  }

  async copy(what: string): Promise<void> {
    await this.page.getByRole('main').getByRole('button', { name: what }).click();
  }

  async showToken(): Promise<void> {
    await this.section('API').getByRole('button', { name: 'Show' }).click();
  }

  async pickTheme(name: 'System' | 'Light' | 'Dark'): Promise<void> {
    await clickToggle(this.section('Appearance').getByRole('radio', { name }));
  }
}
