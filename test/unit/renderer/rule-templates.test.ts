/**
 * The dashboard's rule templates as builder drafts (renderer/src/domain/rule-templates.ts): each
 * compiles to a valid create input, in the viewer's time zone, using the user's own webhook.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIRST_RULE_TEMPLATES } from '../../../renderer/src/domain/dashboard.ts';
import { compileDraft } from '../../../renderer/src/domain/rule-draft.ts';
import { templateStart } from '../../../renderer/src/domain/rule-templates.ts';

const hook = { ref: 'local.deploys', pack_ref: 'local', webhook_enabled: true };
const timer = { ref: 'core.crontimer', pack_ref: 'core', webhook_enabled: false };
const notCallable = { ref: 'local.quiet', pack_ref: 'local', webhook_enabled: false };

test('every offered template opens as a draft that compiles to a valid rule', () => {
  for (const t of FIRST_RULE_TEMPLATES) {
    const start = templateStart(t.id, [timer, hook], 'Europe/Berlin');
    assert.ok(start, t.id);
    const r = compileDraft(start.draft, null);
    assert.ok(r.ok, `${t.id}: ${JSON.stringify(r)}`);
  }
});

test('the morning template is a 08:00 cron timer in the viewer’s zone with a notification', () => {
  const d = templateStart('morning-notification', [], 'America/Chicago')?.draft;
  assert.equal(d?.triggerRef, 'core.crontimer');
  assert.deepEqual(d?.triggerParams, { expression: '0 8 * * *', timezone: 'America/Chicago' });
  assert.equal(d?.actionRef, 'core.notify');
});

test('the webhook template uses the first callable webhook of the user’s own, or asks for one', () => {
  assert.equal(
    templateStart('webhook-script', [timer, notCallable, hook], 'UTC')?.draft.triggerRef,
    'local.deploys',
  );
  const none = templateStart('webhook-script', [timer, notCallable], 'UTC');
  assert.equal(none?.draft.triggerRef, '');
  assert.match(none?.note ?? '', /New webhook trigger/);
});

test('an unknown or missing template id opens nothing', () => {
  assert.equal(templateStart('nope', [], 'UTC'), null);
  assert.equal(templateStart(null, [], 'UTC'), null);
});
