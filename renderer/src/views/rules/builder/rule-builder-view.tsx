/** The visual rule builder (being built). */
import { PageHeader } from '../../../shared/ui/feedback.tsx';

export function RuleBuilderView({ ruleRef }: { ruleRef?: string | undefined }) {
  return (
    <div className="page">
      <PageHeader title={ruleRef ? `Rule ${ruleRef}` : 'New rule'} />
    </div>
  );
}
