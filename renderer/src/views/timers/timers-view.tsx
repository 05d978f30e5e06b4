/**
 * Timers (`#/timers`): the next 24 hours of every timer rule as an agenda and a timeline, the
 * runs that were missed and why, and pause/resume of all timers at once.
 */
import { Link } from 'wouter';
import { useCommands } from '../../common/commands/registry.ts';
import { Button } from '../../common/ui/button.tsx';
import { ErrorBanner, Loading, PageHeader } from '../../common/ui/feedback.tsx';
import { rulesToPause } from '../../domain/agenda.ts';
import { localDateTime, relativeTime } from '../../domain/time-format.ts';
import { AgendaView } from './agenda-view.tsx';
import { MissedRuns } from './missed-runs.tsx';
import { usePauseAll, usePauseSet, useResumeAll } from './pause.ts';
import { useAgenda } from './use-agenda.ts';
import '../../common/ui/records.css';
import './timers.css';

export function TimersView() {
  const a = useAgenda();
  const paused = usePauseSet();
  const pause = usePauseAll();
  const resume = useResumeAll();
  const toPause = rulesToPause(a.timers);
  const pauseAll = () => pause.mutate(toPause);
  const resumeAll = () => paused && resume.mutate(paused);
  useCommands(
    () => [
      {
        id: 'timers.pause',
        label: 'Pause all timers',
        group: 'Timers',
        keywords: ['stop', 'disable', 'schedule'],
        enabled: () => toPause.length > 0,
        perform: pauseAll,
      },
      {
        id: 'timers.resume',
        label: 'Resume all timers',
        group: 'Timers',
        keywords: ['start', 'enable', 'schedule'],
        enabled: () => paused !== null,
        perform: resumeAll,
      },
    ],
    [toPause.join(','), paused],
  );
  return (
    <div className="page tm-page">
      <PageHeader
        title="Timers"
        description="What fires in the next 24 hours, and what did not run."
        actions={
          <>
            {paused && (
              <Button variant="primary" isDisabled={resume.isPending} onPress={resumeAll}>
                Resume all timers
              </Button>
            )}
            <Button isDisabled={toPause.length === 0 || pause.isPending} onPress={pauseAll}>
              Pause all timers
            </Button>
          </>
        }
      />
      {paused && (
        <div className="banner banner-info" role="status">
          {paused.refs.length} timer rule{paused.refs.length === 1 ? ' was' : 's were'} paused{' '}
          {relativeTime(paused.since, a.now)} ({localDateTime(paused.since)}). Their slots do not run until
          you resume them.
        </div>
      )}
      {pause.error && <ErrorBanner error={pause.error} title="Some timers could not be paused" />}
      {resume.data && resume.data.failed.length > 0 && (
        <ErrorBanner
          error={new Error(resume.data.failed.join('; '))}
          title="Some timers could not be resumed"
        />
      )}
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
