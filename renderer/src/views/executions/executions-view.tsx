/** Executions (placeholder): what ran, is running, and its output. */
import { PlannedView } from '../../shared/ui/planned-view.tsx';

export function ExecutionsView({ id }: { id?: string | undefined }) {
  return (
    <PlannedView title={id ? `Execution ${id}` : 'Executions'}>
      <p>Every run of an action:</p>
      <ul>
        <li>filter by status, action and rule; cancel a running one;</li>
        <li>live standard output and error while it runs, the result when it ends;</li>
        <li>the event and rule that caused it, and its retries.</li>
      </ul>
    </PlannedView>
  );
}
