/** Page object for the dashboard: the activity chart, failures, next fires, first-start templates. */
import type { Locator, Page } from 'playwright-core';

export class DashboardPage {
  constructor(readonly page: Page) {}

  main(): Locator {
    return this.page.getByRole('main');
  }

  card(name: 'Activity' | 'Failures' | 'Next fires' | 'Create your first rule' | 'Open alerts'): Locator {
    return this.main().getByRole('region', { name });
  }

  /** The chart, named by its summary ("Last hour: 3 events, …"). */
  chart(): Locator {
    return this.card('Activity').getByRole('img');
  }

  async range(name: 'Last hour' | 'Last day'): Promise<void> {
    await this.card('Activity')
      .getByRole('radiogroup', { name: 'Time range' })
      .getByText(name, { exact: true })
      .click();
  }
}
