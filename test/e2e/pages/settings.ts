/** Page object for Settings: the engine's data folder, the API address and token, the theme. */
import type { Locator, Page } from 'playwright-core';
import { clickToggle } from '../support/controls.ts';

export class SettingsPage {
  constructor(readonly page: Page) {}

  section(
    name: 'Engine' | 'API' | 'Webhooks' | 'History kept' | 'Appearance' | 'Keyboard shortcuts',
  ): Locator {
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

  /** A row of the history table: `Events`, `Executions`, `Webhook attempts`, `Sensor logs`. */
  historyRow(table: string): Locator {
    return this.section('History kept')
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: table }) });
  }

  /** A history limit field by its label (`Events: days kept`, `Check every (minutes)`). */
  historyField(label: string): Locator {
    return this.section('History kept').getByRole('textbox', { name: label });
  }
}
