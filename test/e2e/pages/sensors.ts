/** Page object for the sensors view: the table of live states, one sensor's detail and log. */
import type { Locator, Page } from 'playwright-core';

export class SensorsPage {
  constructor(readonly page: Page) {}

  main(): Locator {
    return this.page.getByRole('main');
  }

  table(): Locator {
    return this.main().getByRole('table', { name: 'Sensors' });
  }

  /** A sensor's row (rows have no name of their own: a test id). */
  row(ref: string): Locator {
    return this.main().getByTestId(`sensor-${ref}`);
  }

  state(ref: string): Locator {
    return this.row(ref).locator('.badge');
  }

  button(ref: string, name: 'Enable' | 'Disable' | 'Restart'): Locator {
    return this.main().getByRole('button', { name: `${name} ${ref}`, exact: true });
  }

  log(ref: string): Locator {
    return this.main().getByRole('textbox', { name: `Log of ${ref}` });
  }
}
