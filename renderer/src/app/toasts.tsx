/**
 * The toast region (docs/renderer.md "Toasts"): `core.notify` on a host without a desktop,
 * alerts and recoveries, newest last. Each can be dismissed; one that names an execution opens
 * it. Announced politely to screen readers; every button is keyboard-reachable.
 */
import { Link } from 'wouter';
import { dismissToast, useToasts } from '../common/alerts/toasts.ts';
import { Button } from '../common/ui/button.tsx';
import '../common/alerts/alerts.css';

export function Toasts() {
  const toasts = useToasts();
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`} role="status">
          <span className="toast-title">{t.title}</span>
          {t.body && <span>{t.body}</span>}
          <span className="al-actions">
            {t.executionId !== null && (
              <Link
                href={`/executions/${t.executionId}`}
                className="btn btn-secondary btn-small"
                onClick={() => dismissToast(t.id)}
              >
                Open execution #{t.executionId}
              </Link>
            )}
            <Button size="small" variant="ghost" onPress={() => dismissToast(t.id)}>
              Dismiss
            </Button>
          </span>
        </div>
      ))}
    </section>
  );
}
