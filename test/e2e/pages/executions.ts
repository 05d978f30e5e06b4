/** Page object for the executions view: the list with its status filter, and one execution. */
import type { Locator, Page } from 'playwright-core';

export class ExecutionsPage {
  constructor(readonly page: Page) {}

  main(): Locator {
    return this.page.getByRole('main');
  }

  table(): Locator {
    return this.main().getByRole('table', { name: 'Executions' });
  }

  /** Body rows of the list. */
  rows(): Locator {
    return this.table().locator('tbody').getByRole('row');
  }

  row(id: number): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name: new RegExp(`^Execution ${id},`) }) });
  }

  async filterStatus(label: string): Promise<void> {
    await this.main().getByRole('combobox', { name: 'Status' }).selectOption({ label });
  }

  detail(): Locator {
    return this.main().getByRole('article');
  }

  timeline(): Locator {
    return this.detail().getByRole('list', { name: 'Status timeline' });
  }

  /** The status shown in the detail's facts. */
  status(): Locator {
    return this.detail().locator('dl').first().locator('dd').first();
  }

  stdout(): Locator {
    return this.detail().getByRole('textbox', { name: /^Standard output/ });
  }

  button(name: 'Cancel execution' | 'Run again'): Locator {
    return this.detail().getByRole('button', { name });
  }
}
