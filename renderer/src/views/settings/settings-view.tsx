/**
 * Settings: where the engine keeps its data, how to reach the API (address and token, to
 * copy), the limits a new webhook gets, the history kept, the default alert settings, the theme,
 * and the keyboard shortcuts.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { WebhookConfig } from '../../../../core/contract/entities.ts';
import { AlertSettings } from '../../common/alerts/alert-settings.tsx';
import { engineQueries } from '../../common/api/queries.ts';
import { apiBaseUrl, forgetToken, sessionToken } from '../../common/bridge/connect.ts';
import { shortcutLabel, useRegisteredCommands } from '../../common/commands/registry.ts';
import { ThemeMenu } from '../../common/theme/theme-menu.tsx';
import { Button } from '../../common/ui/button.tsx';
import { CopyButton } from '../../common/ui/copy-button.tsx';
import { ErrorBanner, Loading, PageHeader } from '../../common/ui/feedback.tsx';
import { RetentionSection } from './retention-section.tsx';
import '../../common/ui/records.css';
import './retention.css';

function Row({ label, value, copy }: { label: string; value: string; copy?: string }) {
  return (
    <div className="setting-row">
      <dt>{label}</dt>
      <dd>
        <code className="break">{value}</code>
        {copy && <CopyButton text={value} label={copy} />}
      </dd>
    </div>
  );
}

/** `262144` → `256 KiB`. */
function kibibytes(n: number): string {
  return n % 1024 === 0 ? `${(n / 1024).toLocaleString()} KiB` : `${n.toLocaleString()} bytes`;
}

function WebhookDefaults({ limits }: { limits: WebhookConfig }) {
  return (
    <section className="card" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p className="muted">
        What a trigger’s webhook allows until you choose otherwise when enabling it (the{' '}
        <code>max_body_bytes</code>, <code>rate_limit_per_minute</code> and <code>hmac_secret_ref</code>{' '}
        fields of its webhook settings).
      </p>
      <dl className="settings-list">
        <Row label="Largest body" value={kibibytes(limits.max_body_bytes)} />
        <Row
          label="Requests per minute"
          value={limits.rate_limit_per_minute === 0 ? 'unlimited' : String(limits.rate_limit_per_minute)}
        />
        <Row
          label="Signature"
          value={
            limits.hmac_secret_ref === null
              ? 'not required (the key in the URL is the secret)'
              : `HMAC-SHA256 with the key "${limits.hmac_secret_ref}"`
          }
        />
      </dl>
    </section>
  );
}

function TokenRow({ token }: { token: string }) {
  const [shown, setShown] = useState(false);
  return (
    <div className="setting-row">
      <dt>API token</dt>
      <dd>
        {shown ? (
          <code className="break">{token}</code>
        ) : (
          <code>
            <span aria-hidden="true">{'•'.repeat(24)}</span>
            <span className="visually-hidden">hidden</span>
          </code>
        )}
        <Button size="small" onPress={() => setShown((s) => !s)} aria-pressed={shown}>
          {shown ? 'Hide' : 'Show'}
        </Button>
        <CopyButton text={token} label="Copy the API token" />
      </dd>
    </div>
  );
}

export function SettingsView() {
  const info = useQuery(engineQueries.info());
  const token = sessionToken();
  const commands = useRegisteredCommands().filter((c) => c.shortcut);
  const api = info.data?.api_url ?? apiBaseUrl();
  const apiText =
    api ?? 'not served: the desktop app talks to the engine directly (run `npm run serve` for an API)';
  return (
    <div className="page settings">
      <PageHeader title="Settings" />
      <section className="card" aria-labelledby="engine-title">
        <h2 id="engine-title">Engine</h2>
        {info.isPending ? (
          <Loading />
        ) : info.isError ? (
          <ErrorBanner error={info.error} title="Could not read the engine’s settings" />
        ) : (
          <dl className="settings-list">
            <Row label="Data folder" value={info.data.data_dir} copy="Copy the data folder" />
            <Row label="Default time zone" value={info.data.default_timezone} />
            <Row label="Version" value={info.data.version} />
            <Row label="Running since" value={new Date(info.data.started_at).toLocaleString()} />
          </dl>
        )}
      </section>
      <section className="card" aria-labelledby="api-title">
        <h2 id="api-title">API</h2>
        <dl className="settings-list">
          {api ? (
            <Row label="Address" value={api} copy="Copy the API address" />
          ) : (
            <Row label="Address" value={apiText} />
          )}
          {token ? (
            <TokenRow token={token} />
          ) : (
            <div className="setting-row">
              <dt>API token</dt>
              <dd className="muted">
                The desktop app needs none. Scripts use the one in <code>api-token</code> in the data folder.
              </dd>
            </div>
          )}
        </dl>
        <p className="muted small">
          For scripts:{' '}
          <code>{`curl -H "Authorization: Bearer $(cat <data folder>/api-token)" ${api ?? 'http://127.0.0.1:8787/api/v1'}/rules`}</code>
          . The token changes each time the engine starts.
        </p>
        {token && (
          <Button
            variant="danger"
            size="small"
            onPress={() => {
              forgetToken();
              window.location.hash = '#/';
              window.location.reload();
            }}
          >
            Forget the token in this tab
          </Button>
        )}
      </section>
      {info.data && <WebhookDefaults limits={info.data.webhook_defaults} />}
      <RetentionSection />
      <section className="card" aria-labelledby="alerts-title">
        <h2 id="alerts-title">Alerts</h2>
        <p className="muted">
          What every rule alerts on unless it has its own settings (in the rule’s page). At most one alert per
          rule is open until the rule recovers.
        </p>
        <AlertSettings />
      </section>
      <section className="card" aria-labelledby="theme-title">
        <h2 id="theme-title">Appearance</h2>
        <p className="muted">
          Follow the system’s light or dark setting, or pick one (kept in this browser).
        </p>
        <div className="theme-setting">
          <ThemeMenu label="Theme setting" />
        </div>
      </section>
      <section className="card" aria-labelledby="keys-title">
        <h2 id="keys-title">Keyboard shortcuts</h2>
        <dl className="settings-list">
          {commands.map((c) => (
            <div className="setting-row" key={c.id}>
              <dt>{c.label}</dt>
              <dd>
                <kbd className="kbd">{shortcutLabel(c)}</kbd>
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
