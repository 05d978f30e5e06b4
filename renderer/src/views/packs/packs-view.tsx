/**
 * Packs (`#/packs`, `#/packs/<ref>`): import with a review before anything is enabled, the
 * installed packs, export of any rules as a pack; one pack with its contents and actions.
 */
import { Link } from 'wouter';
import { PageHeader } from '../../common/ui/feedback.tsx';
import { ExportRules } from './export-rules.tsx';
import { ImportPanel } from './import-panel.tsx';
import { PackDetail } from './pack-detail.tsx';
import { PackList } from './pack-list.tsx';
import '../../common/ui/records.css';
import './packs.css';

export function PacksView({ packRef }: { packRef?: string | undefined }) {
  if (packRef !== undefined) {
    const ref = decodeURIComponent(packRef);
    return (
      <div className="page pk-page">
        <PageHeader title={`Pack ${ref}`} description={<Link href="/packs">Back to all packs</Link>} />
        <PackDetail packRef={ref} />
      </div>
    );
  }
  return (
    <div className="page pk-page">
      <PageHeader
        title="Packs"
        description="Share rules as packs: Attune’s format, so they move between Attune Desktop and an Attune server."
      />
      <ImportPanel />
      <PackList />
      <ExportRules />
    </div>
  );
}
