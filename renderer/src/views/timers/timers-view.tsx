/** Timers (placeholder): the agenda of timer rules. */
import { PlannedView } from '../../shared/ui/planned-view.tsx';

export function TimersView() {
  return (
    <PlannedView title="Timers">
      <p>An agenda of every timer rule:</p>
      <ul>
        <li>the next fires by day, in the rule’s time zone, with daylight-saving changes marked;</li>
        <li>the last fire and its result, missed runs and how they were handled.</li>
      </ul>
    </PlannedView>
  );
}
