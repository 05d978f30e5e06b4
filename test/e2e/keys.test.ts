/**
 * Keys in real Chromium (docs/concepts.md, "Keys and secrets"): values masked in the list, one
 * revealed on demand and masked again when another is revealed or it is hidden; a key created
 * from the keyboard, edited, and deleted after a confirmation; light and dark screenshots.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeysPage } from './pages/keys.ts';
import { clickToggle } from './support/controls.ts';
import { inBothThemes } from './support/screenshots.ts';
import { startUiSession } from './support/session.ts';

const SECRET = 'ghp-e2e-4d3c2b1a';

test('keys are listed masked, revealed one at a time, created, edited and deleted', async (t) => {
  const s = await startUiSession(t, { packs: ['testkit'] });
  const api = s.host.api;
  assert.equal(
    (
      await api('POST', '/api/v1/keys', {
        ref: 'github_token',
        name: 'GitHub',
        value: SECRET,
        encrypted: true,
      })
    ).status,
    201,
  );
  assert.equal(
    (
      await api('POST', '/api/v1/keys', {
        ref: 'region',
        owner_type: 'pack',
        owner_pack_ref: 'testkit',
        name: 'Region',
        value: 'eu-west-1',
      })
    ).status,
    201,
  );
  const keys = new KeysPage(s.page);
  await s.shell.navigate('Keys');
  await keys.row('github_token').waitFor();
  assert.doesNotMatch((await s.page.getByRole('main').textContent()) ?? '', new RegExp(SECRET));
  assert.doesNotMatch(
    (await keys.value('region').textContent()) ?? '',
    /eu-west-1/,
    'plain values are masked too',
  );
  await inBothThemes(s.page, 'keys');

  await keys.reveal('github_token');
  await keys.value('github_token').getByText(SECRET).waitFor();
  await keys.reveal('region');
  await keys.value('region').getByText('eu-west-1').waitFor();
  assert.doesNotMatch(
    (await keys.value('github_token').textContent()) ?? '',
    new RegExp(SECRET),
    'revealing another key masks the first again',
  );
  await keys.hide('region');
  assert.doesNotMatch((await keys.value('region').textContent()) ?? '', /eu-west-1/);

  // A new key from the keyboard: the form opens on the ref, Enter submits.
  await keys.newKey();
  await keys.field('Ref').fill('webhook_url');
  await s.page.keyboard.press('Tab');
  await s.page.keyboard.type('Webhook URL');
  await keys.field('Value').fill('https://hooks.example.test/x');
  await s.page.keyboard.press('Enter');
  await keys.row('webhook_url').waitFor();
  const created = await api<{ data: { encrypted: boolean; name: string } }>(
    'GET',
    '/api/v1/keys/webhook_url',
  );
  assert.equal(created.body.data.encrypted, true, 'a new key is encrypted unless switched off');
  assert.equal(created.body.data.name, 'Webhook URL');

  await keys.edit('region');
  await keys.field('Name').fill('Deployment region');
  await clickToggle(keys.dialog().getByRole('switch', { name: /Encrypted/ }));
  await keys.dialog().getByRole('button', { name: 'Save' }).click();
  await keys.row('region').getByText('Deployment region').waitFor();
  const edited = await api<{ data: { value: unknown } }>('GET', '/api/v1/keys/region');
  assert.equal(edited.body.data.value, null, 'switched to encrypted, the value is sealed');
  assert.equal(
    (await api<{ data: { value: unknown } }>('GET', '/api/v1/keys/region?decrypt=true')).body.data.value,
    'eu-west-1',
  );

  await keys.remove('webhook_url');
  await keys.row('webhook_url').waitFor({ state: 'detached' });
  assert.equal((await api('GET', '/api/v1/keys/webhook_url')).status, 404);
  s.assertNoErrors();
});
