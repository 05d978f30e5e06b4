/**
 * The dashboard (`#/`): the open alerts with their actions, activity over the last hour or
 * day, failures since the last visit, the next timer fires; on first start, how to create a first rule from a template.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { OpenAlerts } from '../../common/alerts/open-alerts.tsx';
import { ruleQueries } from '../../common/api/queries.ts';
import { ErrorBanner, Loading, PageHeader } from '../../common/ui/feedback.tsx';
import { useNow } from '../../common/use-now.ts';
import { nextFires, parseLastVisit } from '../../domain/dashboard.ts';
import { localDateTime, relativeTime } from '../../domain/time-format.ts';
import { ActivityChart } from './activity-chart.tsx';
import { FirstStart } from './first-start.tsx';
import { SinceLastVisit } from './since-last-visit.tsx';
import '../../common/ui/records.css';
import './dashboard.css';

const LAST_VISIT = 'attune.dashboard.lastVisit';

/** The previous visit (read once), and this one recorded for the next. */
function useLastVisit(now: number): { since: number; firstVisit: boolean } {
  const [previous] = useState(() => parseLastVisit(localStorage.getItem(LAST_VISIT), Date.now()));
  useEffect(() => {
    localStorage.setItem(LAST_VISIT, new Date().toISOString());
  }, []);
  return previous === null
    ? { since: now - 86_400_000, firstVisit: true }
    : { since: previous, firstVisit: false };
}

function NextFires({ now }: { now: number }) {
  const rules = useQuery(ruleQueries.list());
  const next = nextFires(rules.data ?? [], 5);
  return (
    <section className="card" aria-labelledby="db-next">
      <h2 id="db-next">Next fires</h2>
      {next.length === 0 ? (
        <p className="rec-muted">No timer is scheduled.</p>
      ) : (
        <ul className="db-list">
          {next.map((f) => (
            <li key={f.ref}>
              <Link href={`/rules/${encodeURIComponent(f.ref)}`} className="rec-link">
                {f.label}
              </Link>{' '}
              <time dateTime={f.at} title={localDateTime(f.at)} className="rec-muted">
                {relativeTime(f.at, now)}
              </time>
            </li>
          ))}
        </ul>
      )}
      <p className="rec-small">
        <Link href="/timers">The whole agenda</Link>
      </p>
    </section>
  );
}

export function DashboardView() {
  const now = useNow(30_000);
  const visit = useLastVisit(now);
  const rules = useQuery(ruleQueries.list());
  return (
    <div className="page db-page">
      <PageHeader title="Dashboard" description="What your rules did lately, and what comes next." />
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        <ErrorBanner error={rules.error} title="Rules could not be read" />
      ) : rules.data.length === 0 ? (
        <FirstStart />
      ) : (
        <div className="db-grid">
          <section className="card" aria-labelledby="db-alerts">
            <h2 id="db-alerts">Open alerts</h2>
            <OpenAlerts />
          </section>
          <ActivityChart />
          <SinceLastVisit since={visit.since} firstVisit={visit.firstVisit} now={now} />
          <NextFires now={now} />
        </div>
      )}
    </div>
  );
}
