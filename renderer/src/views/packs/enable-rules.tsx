/**
 * After an import: the pack's rules, each with a switch, enabled only once the user has read
 * the review above. A rule whose conversion lost something stays off.
 */
import { useQuery } from '@tanstack/react-query';
import type { PackReport } from '../../../../core/contract/packs.ts';
import { errorMessage } from '../../common/api/invoke.ts';
import { ruleQueries } from '../../common/api/queries.ts';
import { Switch } from '../../common/ui/switch.tsx';
import { useEnableRule } from './mutations.ts';

export function EnableRules({ report }: { report: PackReport }) {
  const rules = useQuery(ruleQueries.list({ pack_ref: report.pack.ref }));
  const enable = useEnableRule();
  if (report.rules.length === 0) return null;
  const enabled = new Map((rules.data ?? []).map((r) => [r.ref, r.enabled]));
  return (
    <section className="rec-section" aria-labelledby="pk-enable">
      <h3 id="pk-enable">Enable its rules</h3>
      <ul className="pk-enable-list">
        {report.rules.map((r) => {
          const blocked = r.conversion_problems.length > 0;
          return (
            <li key={r.ref}>
              <Switch
                isSelected={enabled.get(r.ref) ?? r.enabled}
                isDisabled={blocked || enable.isPending}
                onChange={(on) => enable.mutate({ ref: r.ref, enabled: on })}
                aria-label={`${r.ref} enabled`}
              >
                <span className="mono">{r.ref}</span>
                {r.label && r.label !== r.ref && <span className="rec-muted"> {r.label}</span>}
              </Switch>
              {blocked && <span className="rec-small field-error"> — fix its conversion problems first</span>}
            </li>
          );
        })}
      </ul>
      {enable.error && (
        <p className="field-error" role="alert">
          {errorMessage(enable.error)}
        </p>
      )}
    </section>
  );
}
