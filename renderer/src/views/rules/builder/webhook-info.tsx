/** A webhook trigger's URL and a curl example, both copyable; or the switch to turn it on. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Trigger } from '../../../../../core/contract/entities.ts';
import { errorMessage, invoke } from '../../../common/api/invoke.ts';
import { engineQueries, triggerQueries } from '../../../common/api/queries.ts';
import { apiBaseUrl } from '../../../common/bridge/connect.ts';
import { Button } from '../../../common/ui/button.tsx';
import { CopyButton } from '../../../common/ui/copy-button.tsx';
import { curlExample, schemaSample } from '../../../domain/param-form.ts';

/** The URL callers use: the engine's own API address, else this page's origin. */
export function webhookUrl(key: string, apiUrl: string | null): string {
  return `${apiUrl ?? apiBaseUrl() ?? 'http://127.0.0.1:8787/api/v1'}/webhooks/${key}`;
}

export function WebhookInfo({ trigger }: { trigger: Trigger }) {
  const qc = useQueryClient();
  const engine = useQuery(engineQueries.info());
  const enable = useMutation({
    mutationFn: () => invoke('triggers.enableWebhook', { ref: trigger.ref }),
    onSuccess: () => qc.invalidateQueries({ queryKey: triggerQueries.all() }),
  });
  if (!trigger.webhook_enabled || !trigger.webhook_key) {
    if (trigger.pack_ref !== 'local') return null;
    return (
      <div className="card-inset">
        <p>This trigger is not callable over HTTP yet.</p>
        <Button onPress={() => enable.mutate()} isDisabled={enable.isPending}>
          Enable its webhook
        </Button>
        {enable.isError && <p className="field-error">{errorMessage(enable.error)}</p>}
      </div>
    );
  }
  const url = webhookUrl(trigger.webhook_key, engine.data?.api_url ?? null);
  const curl = curlExample(url, schemaSample(trigger.out_schema));
  return (
    <section className="card-inset stack" aria-labelledby="webhook-title">
      <h3 id="webhook-title">Webhook</h3>
      <span className="field-label">URL</span>
      <div className="copy-row">
        <code className="grow break">{url}</code>
        <CopyButton text={url} label="Copy the webhook URL" />
      </div>
      <span className="field-label">Call it with curl</span>
      <div className="copy-row">
        <pre className="grow wrap">{curl}</pre>
        <CopyButton text={curl} label="Copy the curl example" />
      </div>
      <p className="muted small">The key in the URL is the secret: no token is needed to call it.</p>
    </section>
  );
}
