/** Attune's list envelope from a store page. */
import type { Pagination } from '../contract/entities.ts';
import type { Page } from '../store/index.ts';

export function toList<T, U = T>(page: Page<T>, map?: (t: T) => U): { items: U[]; pagination: Pagination } {
  const totalPages = Math.max(1, Math.ceil(page.total / page.page_size));
  return {
    items: map ? page.items.map(map) : (page.items as unknown as U[]),
    pagination: {
      page: page.page,
      page_size: page.page_size,
      total_items: page.total,
      total_pages: totalPages,
      has_previous: page.page > 1,
      has_next: page.page < totalPages,
      total_is_lower_bound: page.total_exact === false,
    },
  };
}

/** A whole in-memory array as one page of the envelope. */
export function pageOf<T>(all: T[], page: number, pageSize: number): { items: T[]; pagination: Pagination } {
  return toList({
    items: all.slice((page - 1) * pageSize, page * pageSize),
    total: all.length,
    page,
    page_size: pageSize,
  });
}
