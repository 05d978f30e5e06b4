/** Packs (placeholder): installed packs, import and export. */
import { PlannedView } from '../../shared/ui/planned-view.tsx';

export function PacksView({ packRef }: { packRef?: string | undefined }) {
  return (
    <PlannedView title={packRef ? `Pack ${packRef}` : 'Packs'}>
      <p>The packs installed on this machine:</p>
      <ul>
        <li>their triggers, actions and rules, and their configuration;</li>
        <li>import a pack from a folder or archive (StackStorm packs converted), validate it first;</li>
        <li>export the local rules as a pack, never with a secret.</li>
      </ul>
    </PlannedView>
  );
}
