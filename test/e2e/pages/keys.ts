/** Page object for Keys: the table of keys (values masked), reveal, the key form, delete. */
import type { Locator, Page } from 'playwright-core';

export class KeysPage {
  constructor(readonly page: Page) {}

  /** One key's row (a table row has no name of its own: the test id is its ref). */
  row(ref: string): Locator {
    return this.page.getByTestId(`key-${ref}`);
  }

  value(ref: string): Locator {
    return this.row(ref).getByRole('cell').nth(2);
  }

  async newKey(): Promise<void> {
    await this.page.getByRole('main').getByRole('button', { name: 'New key' }).click();
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  field(label: string): Locator {
    return this.dialog().getByLabel(label, { exact: true });
  }

  async reveal(ref: string): Promise<void> {
    await this.row(ref)
      .getByRole('button', { name: `Reveal ${ref}` })
      .click();
  }

  async hide(ref: string): Promise<void> {
    await this.row(ref)
      .getByRole('button', { name: `Hide ${ref}` })
      .click();
  }

  async edit(ref: string): Promise<void> {
    await this.row(ref)
      .getByRole('button', { name: `Edit ${ref}` })
      .click();
  }

  async remove(ref: string): Promise<void> {
    await this.row(ref)
      .getByRole('button', { name: `Delete ${ref}` })
      .click();
    await this.page.getByRole('alertdialog').getByRole('button', { name: 'Delete key' }).click();
  }
}
