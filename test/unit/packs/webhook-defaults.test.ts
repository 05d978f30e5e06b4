/**
 * docs/api.md, "Webhooks" — a pack trigger's `webhook_config` takes the same defaults as a
 * webhook enabled over the API for each setting it leaves out: a missing
 * `rate_limit_per_minute` is the default limit, never "unlimited".
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_WEBHOOK_CONFIG } from '../../../core/model/entities.ts';
import { loadPackFolder } from '../../../core/packs/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function packWithTriggers(dir: string, triggers: Record<string, string>): string {
  const root = path.join(dir, 'hooks');
  fs.mkdirSync(path.join(root, 'triggers'), { recursive: true });
  fs.writeFileSync(path.join(root, 'pack.yaml'), 'ref: hooks\nlabel: Hooks\nversion: "1.0.0"\n');
  for (const [name, yaml] of Object.entries(triggers)) {
    fs.writeFileSync(path.join(root, 'triggers', `${name}.yaml`), yaml);
  }
  return root;
}

test('settings a pack trigger leaves out of webhook_config take the defaults', (t) => {
  const root = packWithTriggers(tempDir(t), {
    partial: 'ref: hooks.partial\nwebhook_config:\n  max_body_bytes: 1000\n',
    other: 'ref: hooks.other\nwebhook_config:\n  rate_limit_per_minute: 5\n',
    none: 'ref: hooks.none\n',
  });
  const loaded = loadPackFolder(root);
  assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.problems));
  const config = Object.fromEntries(loaded.model.triggers.map((x) => [x.ref, x.webhook_config]));
  assert.deepEqual(config['hooks.partial'], {
    hmac_secret_ref: null,
    max_body_bytes: 1000,
    rate_limit_per_minute: DEFAULT_WEBHOOK_CONFIG.rate_limit_per_minute,
  });
  assert.deepEqual(config['hooks.other'], {
    hmac_secret_ref: null,
    max_body_bytes: DEFAULT_WEBHOOK_CONFIG.max_body_bytes,
    rate_limit_per_minute: 5,
  });
  assert.deepEqual(config['hooks.none'], DEFAULT_WEBHOOK_CONFIG);
});
