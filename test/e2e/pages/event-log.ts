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

  /** The event rows drawn now (only those in and near the view are in the DOM). */
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

  /**
   * The log as Chromium's accessibility tree has it (what a screen reader is given, whatever the
   * CSS draws): the table's column header names (lower case: CSS upper-cases what is read), and
   * each row's cell count.
   */
  async accessibleTable(): Promise<{ headers: string[]; rows: number[] }> {
    const cdp = await this.page.context().newCDPSession(this.page);
    try {
      const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
        nodes: Array<{
          nodeId: string;
          role?: { value?: string };
          name?: { value?: string };
          childIds?: string[];
        }>;
      };
      const byId = new Map(nodes.map((n) => [n.nodeId, n]));
      const role = (n: { role?: { value?: string } } | undefined) => n?.role?.value ?? '';
      const table = nodes.find((n) => role(n) === 'table' && n.name?.value === 'Event log');
      if (!table) return { headers: [], rows: [] };
      const headers: string[] = [];
      const rows: number[] = [];
      const walk = (id: string): void => {
        const n = byId.get(id);
        if (!n) return;
        if (role(n) === 'row') {
          const cells = (n.childIds ?? []).map((c) => byId.get(c));
          const heads = cells.filter((c) => role(c) === 'columnheader');
          if (heads.length) headers.push(...heads.map((c) => (c?.name?.value ?? '').toLowerCase()));
          else rows.push(cells.filter((c) => role(c) === 'cell').length);
          return;
        }
        for (const c of n.childIds ?? []) walk(c);
      };
      walk(table.nodeId);
      return { headers, rows };
    } finally {
      await cdp.detach();
    }
  }

  /**
   * How far each drawn row's cells stray from their column headers, in pixels (the largest gap
   * between a header's and its cell's left or right edge; hidden columns are skipped).
   */
  columnMisalignment(): Promise<number> {
    // No named functions inside: the page has no `__name` helper that tsx would call.
    return this.table().evaluate((table) => {
      const heads = [...table.querySelectorAll('thead th')].map((th) => th.getBoundingClientRect());
      let worst = 0;
      for (const tr of table.querySelectorAll('tbody tr')) {
        const cells = [...tr.children];
        for (let i = 0; i < cells.length; i++) {
          const h = heads[i];
          const c = cells[i]?.getBoundingClientRect();
          if (!h || !c || h.width === 0 || c.width === 0) continue;
          worst = Math.max(worst, Math.abs(h.left - c.left), Math.abs(h.right - c.right));
        }
      }
      return worst;
    });
  }

  /** The element that scrolls the log (the table's parent). */
  scroller(): Locator {
    return this.table().locator('xpath=..');
  }

  /**
   * The row at the top of the view, under the table's header: its event id, and how far its top
   * sits from the header's bottom (0 when the view starts at a row's edge).
   */
  async topOfView(): Promise<{ id: number; offset: number } | null> {
    return this.scroller().evaluate((sc) => {
      const head = sc.querySelector('thead')?.getBoundingClientRect().bottom ?? 0;
      for (const tr of sc.querySelectorAll('tr.ev-row')) {
        const r = tr.getBoundingClientRect();
        if (r.bottom > head + 1)
          return {
            id: Number(tr.querySelector('a')?.textContent?.slice(1)),
            offset: Math.round(r.top - head),
          };
      }
      return null;
    });
  }
}
