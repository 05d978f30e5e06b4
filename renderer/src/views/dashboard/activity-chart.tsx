/**
 * Events and executions per minute (last hour) or per half hour (last day), with failures as
 * their own series, drawn as plain SVG in the theme's colours. The numbers are in the legend
 * and the chart's description, so nothing is only in the picture.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Radio, RadioGroup } from 'react-aria-components';
import { statsQueries } from '../../common/api/queries.ts';
import { ErrorBanner, Loading } from '../../common/ui/feedback.tsx';
import { useNow } from '../../common/use-now.ts';
import { activityWindow, chartGeometry, failuresOf, RANGES, type RangeName } from '../../domain/dashboard.ts';

const W = 960;
const H = 200;
const PAD = { left: 34, bottom: 22, top: 8, right: 8 };

const timeLabel = (iso: string) =>
  new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function ActivityChart() {
  const [range, setRange] = useState<RangeName>('hour');
  const now = useNow(30_000);
  const q = useQuery(statsQueries.activity(activityWindow(range, now)));
  const r = RANGES[range];
  const totals = q.data?.totals;
  const failures = totals ? failuresOf(totals) : 0;
  const g = q.data
    ? chartGeometry(q.data.buckets, W - PAD.left - PAD.right, H - PAD.top - PAD.bottom, timeLabel)
    : null;
  const summary = totals
    ? `${r.label}: ${totals.events} events, ${totals.executions} executions, ${failures} failures (${totals.failed} failed executions, ${totals.event_errors} rule errors, ${totals.missed} missed runs).`
    : '';
  return (
    <section className="card db-chart" aria-labelledby="db-activity">
      <div className="db-card-head">
        <h2 id="db-activity">Activity</h2>
        <RadioGroup
          className="segmented"
          value={range}
          onChange={(v) => setRange(v as RangeName)}
          orientation="horizontal"
          aria-label="Time range"
        >
          {(Object.keys(RANGES) as RangeName[]).map((k) => (
            <Radio key={k} value={k} className="segment">
              {RANGES[k].label}
            </Radio>
          ))}
        </RadioGroup>
      </div>
      {q.isPending ? (
        <Loading label="Counting…" />
      ) : q.isError ? (
        <ErrorBanner error={q.error} title="Activity could not be counted" />
      ) : (
        g && (
          <>
            <ul className="db-legend">
              <li>
                <span className="db-swatch db-events" aria-hidden="true" /> Events{' '}
                <strong>{totals?.events}</strong>
              </li>
              <li>
                <span className="db-swatch db-executions" aria-hidden="true" /> Executions{' '}
                <strong>{totals?.executions}</strong>
              </li>
              <li>
                <span className="db-swatch db-failures" aria-hidden="true" /> Failures{' '}
                <strong>{failures}</strong>
              </li>
              <li className="rec-muted rec-small">{r.unit}</li>
            </ul>
            <svg className="db-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
              <g transform={`translate(${PAD.left},${PAD.top})`}>
                {g.yTicks.map((t) => (
                  <g key={t.y}>
                    <line className="db-gridline" x1={0} x2={W - PAD.left - PAD.right} y1={t.y} y2={t.y} />
                    <text className="db-axis" x={-6} y={t.y + 4} textAnchor="end">
                      {t.label}
                    </text>
                  </g>
                ))}
                {g.failures.map((b) => (
                  <rect key={b.x} className="db-bar" x={b.x} y={b.y} width={b.width} height={b.height} />
                ))}
                <path className="db-line db-events-line" d={g.events} />
                <path className="db-line db-executions-line" d={g.executions} />
                {g.xTicks.map((t) => (
                  <text key={t.x} className="db-axis" x={t.x} y={H - PAD.top - 6} textAnchor="middle">
                    {t.label}
                  </text>
                ))}
              </g>
            </svg>
          </>
        )
      )}
    </section>
  );
}
