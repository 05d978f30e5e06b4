/** Every sensor with its live state: status, pid, uptime, restarts, events, last event, error. */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { sensorQueries } from '../../common/api/queries.ts';
import { ErrorBanner, Loading } from '../../common/ui/feedback.tsx';
import { useNow } from '../../common/use-now.ts';
import { errorHeadline, idleReason, sensorTone, sensorUptime } from '../../domain/sensor-state.ts';
import { relativeTime } from '../../domain/time-format.ts';
import { SensorActions } from './sensor-actions.tsx';

export function SensorList() {
  const sensors = useQuery(sensorQueries.list());
  const now = useNow(5000);
  if (sensors.isPending) return <Loading label="Reading sensors…" />;
  if (sensors.isError) return <ErrorBanner error={sensors.error} title="Sensors could not be read" />;
  return (
    <section className="card" aria-labelledby="sn-all">
      <h2 id="sn-all">Sensors</h2>
      <table className="rec-table" aria-labelledby="sn-all">
        <thead>
          <tr>
            <th scope="col">Sensor</th>
            <th scope="col">State</th>
            <th scope="col">PID</th>
            <th scope="col">Uptime</th>
            <th scope="col">Restarts</th>
            <th scope="col">Events</th>
            <th scope="col">Last event</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sensors.data.map((s) => (
            <tr key={s.ref} data-testid={`sensor-${s.ref}`}>
              <td>
                <Link href={`/sensors/${encodeURIComponent(s.ref)}`} className="rec-link">
                  {s.label || s.ref}
                </Link>{' '}
                <span className="mono rec-muted rec-small">{s.ref}</span>
              </td>
              <td>
                <span className={`badge badge-${sensorTone(s.status)}`}>{s.status}</span>
                {s.last_error && <div className="rec-small sn-error">{errorHeadline(s.last_error)}</div>}
                {idleReason(s) && <div className="rec-muted rec-small">{idleReason(s)}</div>}
              </td>
              <td className="mono">{s.pid ?? '—'}</td>
              <td>{sensorUptime(s, now)}</td>
              <td>{s.restarts}</td>
              <td>{s.events_emitted}</td>
              <td>{s.last_event_at ? relativeTime(s.last_event_at, now) : '—'}</td>
              <td>
                <SensorActions sensor={s} size="small" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
