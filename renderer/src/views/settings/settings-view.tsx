/** Settings (being built): data folder, API address and token, theme. */
import { PlannedView } from '../../shared/ui/planned-view.tsx';

export function SettingsView() {
  return (
    <PlannedView title="Settings">
      <p>The data folder, the API address and token, and the theme.</p>
    </PlannedView>
  );
}
