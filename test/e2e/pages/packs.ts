/** Page object for the packs view: import (file chooser, drop zone, path), review, enable, export. */
import type { Locator, Page } from 'playwright-core';
import { clickToggle } from '../support/controls.ts';

export class PacksPage {
  constructor(readonly page: Page) {}

  main(): Locator {
    return this.page.getByRole('main');
  }

  importSection(): Locator {
    return this.main().getByRole('region', { name: /^(Import a pack|Upgrade .* from a new version)$/ });
  }

  /** Chooses an archive through the file chooser, as a user does. */
  async chooseArchive(file: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.importSection().getByRole('button', { name: 'Choose an archive…' }).click();
    await (await chooser).setFiles(file);
  }

  async checkPath(path: string): Promise<void> {
    await this.importSection()
      .getByRole('textbox', { name: /a folder or archive on this machine/ })
      .fill(path);
    await this.importSection().getByRole('button', { name: 'Check' }).click();
  }

  review(): Locator {
    return this.main().getByRole('region', { name: 'Review before importing' });
  }

  imported(): Locator {
    return this.main().getByRole('region', { name: 'Imported' });
  }

  problems(): Locator {
    return this.main().getByRole('alert');
  }

  ruleSwitch(ref: string): Locator {
    return this.main().getByRole('switch', { name: `${ref} enabled` });
  }

  async toggleRule(ref: string): Promise<void> {
    await clickToggle(this.ruleSwitch(ref));
  }

  exportSection(): Locator {
    return this.main().getByRole('region', { name: 'Export rules as a pack' });
  }
}
