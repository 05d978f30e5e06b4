/** A view that is not built yet: its title and what it will show, so the shell is complete. */
import type { ReactNode } from 'react';
import { PageHeader } from './feedback.tsx';

export function PlannedView({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="page">
      <PageHeader title={title} />
      <section className="card planned" aria-label={`${title}: coming next`}>
        <p className="planned-label">Coming next</p>
        {children}
      </section>
    </div>
  );
}
