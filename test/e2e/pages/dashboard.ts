/** Page object for the dashboard: version, rules table, executions table. */
import type { Locator, Page } from 'playwright-core';

export class DashboardPage {
  constructor(readonly page: Page) {}

  async open(url: string, token: string): Promise<void> {
    await this.page.goto(`${url}/#token=${token}`);
  }

  version(): Locator {
    return this.page.getByTestId('version');
  }

  ruleRow(ref: string): Locator {
    return this.page.getByTestId('rules').locator('tr', { hasText: ref });
  }

  executionStatus(id: number): Locator {
    return this.page.getByTestId(`status-${id}`);
  }
}
