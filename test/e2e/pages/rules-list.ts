/** Page object for the rules list: search, rows, switches, run, duplicate, delete, bulk. */
import type { Locator, Page } from 'playwright-core';
import { clickToggle } from '../support/controls.ts';

export class RulesListPage {
  constructor(readonly page: Page) {}

  main(): Locator {
    return this.page.getByRole('main');
  }

  table(): Locator {
    return this.main().getByRole('table', { name: 'Rules' });
  }

  /** The row of a rule, found by its ref (shown as the link or under the label). */
  row(ref: string): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('checkbox', { name: `Select ${ref}`, exact: true }) });
  }

  async search(text: string): Promise<void> {
    await this.main().getByRole('searchbox', { name: 'Search rules' }).fill(text);
  }

  enabledSwitch(ref: string): Locator {
    return this.main().getByRole('switch', { name: `${ref} enabled` });
  }

  async toggle(ref: string): Promise<void> {
    await clickToggle(this.enabledSwitch(ref));
  }

  async runNow(ref: string): Promise<void> {
    await this.main()
      .getByRole('button', { name: `Run ${ref} now` })
      .click();
  }

  async rowAction(ref: string, action: 'Edit' | 'Duplicate' | 'Delete…'): Promise<void> {
    await this.main()
      .getByRole('button', { name: `More actions for ${ref}` })
      .click();
    await this.page.getByRole('menuitem', { name: action }).click();
  }

  async select(ref: string): Promise<void> {
    await this.main()
      .getByRole('checkbox', { name: `Select ${ref}`, exact: true })
      .check();
  }

  bulkButton(name: 'Enable selected' | 'Disable selected'): Locator {
    return this.main().getByRole('toolbar', { name: 'Selected rules' }).getByRole('button', { name });
  }

  message(): Locator {
    return this.main().getByRole('status').or(this.main().getByRole('alert'));
  }
}
