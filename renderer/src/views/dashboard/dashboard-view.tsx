/** Dashboard (placeholder): the engine at a glance. */
import { PlannedView } from '../../shared/ui/planned-view.tsx';

export function DashboardView() {
  return (
    <PlannedView title="Dashboard">
      <p>The engine at a glance:</p>
      <ul>
        <li>rules enabled and disabled, the next timer fires of the day;</li>
        <li>executions running now and the latest failures, with links to their output;</li>
        <li>events per hour and missed runs.</li>
      </ul>
    </PlannedView>
  );
}
