/** Events (placeholder): the live event log and one event's evaluation record. */
import { PlannedView } from '../../shared/ui/planned-view.tsx';

export function EventsView({ id }: { id?: string | undefined }) {
  return (
    <PlannedView title={id ? `Event ${id}` : 'Events'}>
      <p>Every event as it arrives, newest first, following the live edge:</p>
      <ul>
        <li>search the payload, filter by trigger, rule, outcome and time;</li>
        <li>for each event, every rule's decision and why ("conditions did not match", "disabled");</li>
        <li>missed timer runs, marked as such.</li>
      </ul>
    </PlannedView>
  );
}
