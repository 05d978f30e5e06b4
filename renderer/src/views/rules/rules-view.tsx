/** Rules (being built): the list of rules. */
import { PlannedView } from '../../shared/ui/planned-view.tsx';

export function RulesView() {
  return (
    <PlannedView title="Rules">
      <p>Every rule with its trigger in words, last and next fire, and last status.</p>
    </PlannedView>
  );
}
