/** One sensor: what it is, what it is doing, its last log lines, and its buttons. */
import { useQuery } from '@tanstack/react-query';
import { sensorQueries } from '../../common/api/queries.ts';
import { ErrorBanner, Loading } from '../../common/ui/feedback.tsx';
import { useNow } from '../../common/use-now.ts';
import { idleReason, isBuiltinSensor, sensorTone, sensorUptime } from '../../domain/sensor-state.ts';
import { localDateTime } from '../../domain/time-format.ts';
import { SensorActions } from './sensor-actions.tsx';

export function SensorDetail({ sensorRef }: { sensorRef: string }) {
  const sensor = useQuery(sensorQueries.detail(sensorRef));
  const logs = useQuery({ ...sensorQueries.logs(sensorRef), enabled: sensor.isSuccess });
  const now = useNow(5000);
  if (sensor.isPending) return <Loading label="Reading the sensor…" />;
  if (sensor.isError)
    return <ErrorBanner error={sensor.error} title={`Sensor ${sensorRef} could not be read`} />;
  const s = sensor.data;
  const rows: Array<[string, string]> = [
    ['Entry point', s.entrypoint],
    ['Runner', s.runner_type],
    ['Triggers', s.trigger_types.join(', ') || 'any webhook-enabled trigger'],
    ['PID', s.pid === null ? '—' : String(s.pid)],
    ['Started', s.started_at ? localDateTime(s.started_at) : '—'],
    ['Uptime', sensorUptime(s, now)],
    ['Restarts', String(s.restarts)],
    ['Events emitted', String(s.events_emitted)],
    ['Last event', s.last_event_at ? localDateTime(s.last_event_at) : '—'],
    ...Object.entries(s.detail ?? {}).map(([k, v]): [string, string] => [
      k.replace(/_/g, ' '),
      String(v ?? '—'),
    ]),
  ];
  return (
    <>
      <section className="card" aria-labelledby="sn-state">
        <h2 id="sn-state">
          State <span className={`badge badge-${sensorTone(s.status)}`}>{s.status}</span>
        </h2>
        {idleReason(s) && <p className="rec-muted">{idleReason(s)}.</p>}
        {s.description && <p>{s.description}</p>}
        <dl className="sn-fields">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className="mono">{v}</dd>
            </div>
          ))}
        </dl>
        {s.last_error && (
          <div role="alert" className="sn-last-error">
            <h3>Last error</h3>
            <pre>{s.last_error}</pre>
          </div>
        )}
        <SensorActions sensor={s} />
      </section>
      {!isBuiltinSensor(s) && (
        <section className="card" aria-labelledby="sn-log">
          <h2 id="sn-log">Last log lines</h2>
          {logs.isError && <ErrorBanner error={logs.error} title="The log could not be read" />}
          {logs.data && logs.data.lines.length === 0 && <p className="rec-muted">Nothing logged yet.</p>}
          {logs.data && logs.data.lines.length > 0 && (
            <textarea
              className="input mono sn-log"
              aria-label={`Log of ${s.ref}`}
              readOnly
              value={logs.data.lines
                .map((l) => `${localDateTime(l.at)}  ${l.stream.padEnd(10)} ${l.text}`)
                .join('\n')}
              rows={Math.min(16, Math.max(3, logs.data.lines.length))}
              spellCheck={false}
            />
          )}
        </section>
      )}
    </>
  );
}
