/**
 * The next 24 hours: a timeline with a row per timer rule (a dot per fire, drawn for the eye;
 * the list below says the same in words), then every fire by day, and the rules that fire too
 * often to list, summarized.
 */
import { Link } from 'wouter';
import { EmptyState } from '../../common/ui/feedback.tsx';
import { type Agenda, dayLabel, type RuleFires, spanPercent } from '../../domain/agenda.ts';
import { formatCount } from '../../domain/event-log.ts';
import { formatDuration } from '../../domain/execution.ts';
import { localDateTime, relativeTime } from '../../domain/time-format.ts';

const DST_TEXT: Record<string, string> = {
  gap_shifted: 'moved past the spring-forward gap',
  overlap_first: 'the first of the two fall-back hours',
  transition_day: 'clocks change today',
};

const hm = (ms: number) =>
  new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** A dot's left edge: inset by its width so the first and last fires stay inside the lane. */
const dotLeft = (percent: number): string => `calc((100% - ${DOT_PX}px) * ${percent / 100})`;
const DOT_PX = 8;

function Timeline({ fires, from, to }: { fires: readonly RuleFires[]; from: number; to: number }) {
  const shown = fires.filter((f) => f.count > 0);
  if (shown.length === 0) return null;
  const ticks = Array.from({ length: 5 }, (_, i) => from + ((to - from) * i) / 4);
  return (
    <div className="tm-timeline" aria-hidden="true">
      {shown.map((f) => (
        <div key={f.rule.ref} className="tm-lane">
          <span className="tm-lane-label">{f.rule.label || f.rule.ref}</span>
          <span className="tm-track">
            {f.instants.length > 24 ? (
              <span
                className="tm-band"
                style={{ left: `${spanPercent(f.instants[0]?.at ?? from, from, to)}%` }}
              />
            ) : (
              f.instants.map((i) => (
                <span key={i.at} className="tm-dot" style={{ left: dotLeft(spanPercent(i.at, from, to)) }} />
              ))
            )}
          </span>
        </div>
      ))}
      <div className="tm-lane tm-axis">
        <span className="tm-lane-label" />
        <span className="tm-track">
          {ticks.map((t) => (
            <span key={t} className="tm-tick" style={{ left: `${spanPercent(t, from, to)}%` }}>
              {hm(t)}
            </span>
          ))}
        </span>
      </div>
    </div>
  );
}

export function AgendaView({
  agenda,
  fires,
  now,
  from,
  to,
}: {
  agenda: Agenda;
  fires: readonly RuleFires[];
  now: number;
  from: number;
  to: number;
}) {
  if (agenda.days.length === 0 && agenda.frequent.length === 0) {
    return (
      <EmptyState title="Nothing fires in the next 24 hours">
        <p>
          Enabled timer rules show here. <Link href="/rules/new">Create a timer rule</Link>.
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      <p className="rec-muted">
        {formatCount(agenda.total, agenda.totalIsLowerBound)} fire{agenda.total === 1 ? '' : 's'} between now
        and {hm(to)} tomorrow.
      </p>
      <Timeline fires={fires} from={from} to={to} />
      {agenda.frequent.length > 0 && (
        <section className="rec-section" aria-labelledby="tm-frequent">
          <h3 id="tm-frequent">Often</h3>
          <ul className="tm-list">
            {agenda.frequent.map((f) => (
              <li key={f.ref}>
                <Link href={`/rules/${encodeURIComponent(f.ref)}`} className="rec-link">
                  {f.label}
                </Link>{' '}
                {f.everyMs ? `every ${formatDuration(f.everyMs)}` : 'many times'},{' '}
                {formatCount(f.count, f.countIsLowerBound)} times; next {hm(f.next)}{' '}
                <span className="rec-muted">({relativeTime(new Date(f.next).toISOString(), now)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {agenda.days.map((d) => (
        <section key={d.key} className="rec-section" aria-labelledby={`tm-day-${d.key}`}>
          <h3 id={`tm-day-${d.key}`}>{dayLabel(d.key, now)}</h3>
          <ol className="tm-list tm-agenda">
            {d.entries.map((e) => (
              <li key={`${e.ref}-${e.at}`}>
                <time
                  className="tm-time mono"
                  dateTime={new Date(e.at).toISOString()}
                  title={localDateTime(new Date(e.at).toISOString())}
                >
                  {hm(e.at)}
                </time>
                <Link href={`/rules/${encodeURIComponent(e.ref)}`} className="rec-link">
                  {e.label}
                </Link>
                {e.zoned && <span className="rec-muted rec-small">{e.zoned}</span>}
                {e.dst && <span className="badge badge-busy">{DST_TEXT[e.dst] ?? e.dst}</span>}
                <span className="rec-muted rec-small">{relativeTime(new Date(e.at).toISOString(), now)}</span>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  );
}
