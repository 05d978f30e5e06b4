/** Page object for the timers view: the agenda by day, the "Often" list, missed runs, pause/resume. */
import type { Locator, Page } from 'playwright-core';

export class TimersPage {
  constructor(readonly page: Page) {}

  main(): Locator {
    return this.page.getByRole('main');
  }

  next24h(): Locator {
    return this.main().getByRole('region', { name: 'Next 24 hours' });
  }

  /** The agenda's entries (every day's list). */
  entries(): Locator {
    return this.next24h().locator('ol').getByRole('listitem');
  }

  often(): Locator {
    return this.next24h().getByRole('region', { name: 'Often' });
  }

  missed(): Locator {
    return this.main().getByRole('table', { name: 'Missed runs' });
  }

  button(name: 'Pause all timers' | 'Resume all timers'): Locator {
    return this.main().getByRole('button', { name });
  }
}
