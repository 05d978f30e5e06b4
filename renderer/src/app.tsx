/**
 * The first face of Attune Desktop: engine status, rules, and executions updating live. The full
 * rule builder, event log and pack views come with the renderer issue.
 */
import { useEffect, useState } from 'react';
import type { AttuneBridge } from '../../core/contract/bridge.ts';
import type { Execution, RuleView } from '../../core/contract/entities.ts';

export function App({ bridge }: { bridge: AttuneBridge | null }) {
  const [version, setVersion] = useState<string | null>(null);
  const [rules, setRules] = useState<RuleView[]>([]);
  const [executions, setExecutions] = useState<Execution[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!bridge) return;
    const refresh = async () => {
      const [h, r, x] = await Promise.all([
        bridge.invoke('health.get', {}),
        bridge.invoke('rules.list', { page_size: 100 }),
        bridge.invoke('executions.list', { page_size: 20 }),
      ]);
      if (!h.ok) return setError(h.error.message);
      setVersion(h.data.version);
      if (r.ok) setRules(r.data.items);
      if (x.ok) setExecutions(x.data.items as Execution[]);
    };
    void refresh();
    return bridge.subscribe(['entity_type:execution', 'entity_type:rule'], () => void refresh());
  }, [bridge]);

  if (!bridge) return <p>Open this page with the link the host printed (it carries the API token).</p>;
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 16 }}>
      <h1>Attune Desktop {version && <small data-testid="version">{version}</small>}</h1>
      {error && <p role="alert">{error}</p>}
      <h2>Rules</h2>
      <table data-testid="rules">
        <tbody>
          {rules.map((r) => (
            <tr key={r.ref}>
              <td>{r.ref}</td>
              <td>{r.enabled ? 'enabled' : 'disabled'}</td>
              <td>{r.trigger_ref}</td>
              <td>{r.action_ref}</td>
              <td>{r.next_fire_at ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Recent executions</h2>
      <table data-testid="executions">
        <tbody>
          {executions.map((e) => (
            <tr key={e.id}>
              <td>{e.id}</td>
              <td>{e.action_ref}</td>
              <td data-testid={`status-${e.id}`}>{e.status}</td>
              <td>{e.created}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
