/** Page object for the event log: filters, rows, the "N new" button and the selected event. */
import type { Locator, Page } from 'playwright-core';

export class EventLogPage {
  constructor(readonly page: Page) {}

  main(): Locator {
    return this.page.getByRole('main');
  }

  table(): Locator {
    return this.main().getByRole('table', { name: 'Event log' });
  }

  /** The row of event `id` (its link is named "Event <id>, <trigger>, <outcome>"). */
  row(id: number): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name: new RegExp(`^Event ${id},`) }) });
  }

  /** The event rows drawn now (the virtualizer's spacer rows have no link). */
  rows(): Locator {
    return this.table()
      .getByRole('rowgroup')
      .nth(1)
      .getByRole('row')
      .filter({ has: this.page.getByRole('link') });
  }

  async open(id: number): Promise<void> {
    await this.table()
      .getByRole('link', { name: new RegExp(`^Event ${id},`) })
      .click();
    await this.detail().waitFor();
  }

  detail(): Locator {
    return this.main().getByRole('article');
  }

  evaluationRecord(): Locator {
    return this.detail().getByRole('table', { name: 'Evaluation record' });
  }

  async search(words: string): Promise<void> {
    await this.main().getByRole('searchbox', { name: 'Search payloads' }).fill(words);
  }

  async filter(label: 'Trigger' | 'Rule' | 'Outcome' | 'Time', option: string): Promise<void> {
    await this.main().getByRole('combobox', { name: label }).selectOption({ label: option });
  }

  newerButton(): Locator {
    return this.main().getByRole('button', { name: /new events? — show/ });
  }

  /** The element that scrolls the log (the table's parent). */
  scroller(): Locator {
    return this.table().locator('xpath=..');
  }
}
