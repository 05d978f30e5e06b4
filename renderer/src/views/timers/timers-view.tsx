/**
 * Timers (`#/timers`): the next 24 hours of every timer rule as an agenda and a timeline, the
 * runs that were missed and why, and pause/resume of all timers at once.
 */
import { Link } from 'wouter';
import { useCommands } from '../../common/commands/registry.ts';
import { Button } from '../../common/ui/button.tsx';
import { ErrorBanner, Loading, PageHeader } from '../../common/ui/feedback.tsx';
import { localDateTime, relativeTime } from '../../domain/time-format.ts';
import { AgendaView } from './agenda-view.tsx';
import { MissedRuns } from './missed-runs.tsx';
import { usePauseTimers, useResumeTimers, useTimerPause } from './pause.ts';
import { useAgenda } from './use-agenda.ts';
import '../../common/ui/records.css';
import './timers.css';

export function TimersView() {
  const a = useAgenda();
  const state = useTimerPause();
  const paused = state?.paused === true;
  const pause = usePauseTimers();
  const resume = useResumeTimers();
  const pauseAll = () => pause.mutate();
  const resumeAll = () => resume.mutate();
  useCommands(
    () => [
      {
        id: 'timers.pause',
        label: 'Pause all timers',
        group: 'Timers',
        keywords: ['stop', 'disable', 'schedule'],
        enabled: () => state !== undefined && !paused,
        perform: pauseAll,
      },
      {
        id: 'timers.resume',
        label: 'Resume all timers',
        group: 'Timers',
        keywords: ['start', 'enable', 'schedule'],
        enabled: () => paused,
        perform: resumeAll,
      },
    ],
    [state, paused],
  );
  return (
    <div className="page tm-page">
      <PageHeader
        title="Timers"
        description="What fires in the next 24 hours, and what did not run."
        actions={
          paused ? (
            <Button variant="primary" isDisabled={resume.isPending} onPress={resumeAll}>
              Resume all timers
            </Button>
          ) : (
            <Button isDisabled={state === undefined || pause.isPending} onPress={pauseAll}>
              Pause all timers
            </Button>
          )
        }
      />
      {paused && state.paused_since && (
        <div className="banner banner-info" role="status">
          All timers are paused since {relativeTime(state.paused_since, a.now)} (
          {localDateTime(state.paused_since)}). No slot runs until you resume; then each rule’s misfire policy
          decides what runs of the slots that came due.
        </div>
      )}
      {pause.error && <ErrorBanner error={pause.error} title="Timers could not be paused" />}
      {resume.error && <ErrorBanner error={resume.error} title="Timers could not be resumed" />}
      <section className="card" aria-labelledby="tm-next">
        <h2 id="tm-next">Next 24 hours</h2>
        {a.rules.isPending ? (
          <Loading label="Reading timer rules…" />
        ) : a.rules.isError ? (
          <ErrorBanner error={a.rules.error} title="Rules could not be read" />
        ) : (
          <AgendaView agenda={a.agenda} fires={a.fires} now={a.now} from={a.from} to={a.to} />
        )}
        {a.previewError !== null && (
          <ErrorBanner error={a.previewError} title="A schedule could not be previewed" />
        )}
      </section>
      <section className="card rec-section" aria-labelledby="tm-missed">
        <h2 id="tm-missed">Missed runs</h2>
        <MissedRuns />
        <p className="rec-small">
          <Link href="/events">All missed runs are in the event log</Link> (filter “Missed”).
        </p>
      </section>
    </div>
  );
}
