/**
 * Page object for the visual rule builder: the graph's nodes, each node's form, Try it and
 * Save. Labels and roles only; keyboard helpers for the keyboard-only test.
 */
import type { Locator, Page } from 'playwright-core';
import { clickToggle } from '../support/controls.ts';

export type Step = 'Trigger' | 'Conditions' | 'Action';

export class RuleBuilderPage {
  constructor(readonly page: Page) {}

  main(): Locator {
    return this.page.getByRole('main');
  }

  graph(): Locator {
    return this.main().getByRole('group', { name: /The rule as a graph/ });
  }

  /** A graph node's button (its name starts with the step: "Trigger Interval timer every…"). */
  node(step: Step): Locator {
    return this.graph().getByRole('button', { name: new RegExp(`^${step}\\b`) });
  }

  async open(step: Step | 'Settings'): Promise<void> {
    if (step === 'Settings')
      await this.main()
        .getByRole('button', { name: /^Settings/ })
        .click();
    else await this.node(step).click();
  }

  name(): Locator {
    return this.main().getByLabel('Name', { exact: true });
  }

  label(): Locator {
    return this.main().getByLabel('Label', { exact: true });
  }

  // ---- Trigger ----
  trigger(): Locator {
    return this.main().getByLabel('Trigger', { exact: true });
  }

  async pickTrigger(ref: string): Promise<void> {
    await this.trigger().selectOption(ref);
  }

  intervalEvery(): Locator {
    return this.main().getByLabel('Every', { exact: true });
  }

  intervalUnit(): Locator {
    return this.main().getByLabel('Unit', { exact: true });
  }

  cronExpression(): Locator {
    return this.main().getByRole('textbox', { name: 'Cron expression' });
  }

  timezone(): Locator {
    return this.main().getByRole('combobox', { name: 'Time zone' }).or(this.main().getByLabel('Time zone'));
  }

  nextFires(): Locator {
    return this.main().getByRole('region', { name: 'Next fires' });
  }

  filewatchPath(): Locator {
    return this.main().getByLabel('Folder or file (required)', { exact: true });
  }

  filewatchGlob(): Locator {
    return this.main().getByLabel('File names matching', { exact: true });
  }

  /** One of the file-watch change boxes: "added", "changed", "removed". */
  fileEvent(name: 'added' | 'changed' | 'removed'): Locator {
    return this.main().getByRole('checkbox', { name, exact: true });
  }

  quietPeriod(): Locator {
    return this.main().getByLabel('Quiet period (ms)', { exact: true });
  }

  systemEvent(): Locator {
    return this.main().getByLabel('When', { exact: true });
  }

  async newWebhookTrigger(name: string, label: string): Promise<void> {
    await this.main().getByRole('button', { name: 'New webhook trigger…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New webhook trigger' });
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Label', { exact: true }).fill(label);
    await dialog.getByRole('button', { name: 'Create trigger' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  webhook(): Locator {
    return this.main().getByRole('region', { name: 'Webhook' });
  }

  // ---- Conditions ----
  async addCondition(field: string, op: string, value: string): Promise<void> {
    const n =
      (await this.main()
        .getByRole('combobox', { name: /^Condition \d+ field$/i })
        .count()) + 1;
    await this.main().getByRole('button', { name: 'Add condition' }).click();
    await this.conditionField(n).fill(field);
    await this.conditionField(n).press('Escape');
    await this.main()
      .getByLabel(new RegExp(`^Condition ${n} operator$`, 'i'))
      .selectOption(op);
    await this.main()
      .getByLabel(new RegExp(`^Condition ${n} value$`, 'i'))
      .fill(value);
  }

  conditionField(n: number): Locator {
    return this.main().getByRole('combobox', { name: new RegExp(`^Condition ${n} field$`, 'i') });
  }

  async conditionMode(mode: 'Rows' | 'Expression'): Promise<void> {
    await clickToggle(
      this.main().getByRole('radiogroup', { name: 'Write conditions as' }).getByRole('radio', { name: mode }),
    );
  }

  expression(): Locator {
    return this.main().getByRole('textbox', { name: 'Condition expression' });
  }

  // ---- Action ----
  action(): Locator {
    return this.main().getByLabel('Action', { exact: true });
  }

  param(name: string): Locator {
    return this.main().getByRole('combobox', { name: new RegExp(`^${name}\\b`) });
  }

  suggestions(): Locator {
    return this.main().getByRole('listbox', { name: 'Suggestions' });
  }

  // ---- Try it and save ----
  sample(): Locator {
    return this.main().getByRole('textbox', { name: 'Sample event payload (JSON)' });
  }

  async tryIt(): Promise<void> {
    await this.main().getByRole('button', { name: 'Try it', exact: true }).click();
  }

  renderedParams(): Locator {
    return this.main().getByRole('table', { name: 'The action would get' });
  }

  async save(): Promise<void> {
    await this.main()
      .getByRole('button', { name: /^Save rule/ })
      .click();
  }

  saved(): Locator {
    return this.main().getByRole('status').filter({ hasText: 'Saved.' });
  }

  alert(): Locator {
    return this.main().getByRole('alert');
  }
}
