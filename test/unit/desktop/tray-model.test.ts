/**
 * The tray menu as data (docs/desktop.md "Tray"): status, the next three fires with rule labels,
 * failures since the window was last opened, Open, Pause/Resume, Run rule now ▸ rules, Start at
 * login, Quit — and the icon state it implies.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  inWords,
  type TrayItem,
  type TrayState,
  trayIconState,
  trayMenu,
} from '../../../core/desktop/tray-model.ts';

const NOW = Date.parse('2027-06-01T09:00:00Z');
const min = 60_000;

function state(over: Partial<TrayState> = {}): TrayState {
  return {
    paused: false,
    canPause: true,
    nextFires: [],
    failuresSinceOpened: 0,
    rules: [],
    startAtLogin: false,
    notifyOnFailure: false,
    ...over,
  };
}

const labels = (items: TrayItem[]) => items.map((i) => (i.kind === 'separator' ? '---' : i.label));

test('a running engine with nothing scheduled: status, no fires, then the fixed items', () => {
  assert.deepEqual(labels(trayMenu(state(), NOW)), [
    'Attune Desktop: running',
    'No timer fires scheduled',
    '---',
    'Open Attune Desktop',
    'Pause all timers',
    'Run rule now',
    '---',
    'Notify when an execution fails',
    'Start at login',
    'Quit Attune Desktop',
  ]);
});

test('only the first three fires are listed, each with its rule label and when', () => {
  const nextFires = [
    { ruleRef: 'p.a', label: 'Backup', at: NOW + 5 * min },
    { ruleRef: 'p.b', label: 'Report', at: NOW + 125 * min },
    { ruleRef: 'p.c', label: 'Sync', at: NOW + 3 * 24 * 60 * min },
    { ruleRef: 'p.d', label: 'Fourth', at: NOW + 4 * 24 * 60 * min },
  ];
  const items = labels(trayMenu(state({ nextFires }), NOW));
  assert.deepEqual(items.slice(1, 4), ['Backup — in 5 min', 'Report — in 2 h 5 min', 'Sync — in 3 d']);
  assert.ok(!items.some((l) => l.startsWith('Fourth')));
});

test('failures since last opened appear as an item that opens them, singular and plural', () => {
  const one = trayMenu(state({ failuresSinceOpened: 1 }), NOW);
  assert.deepEqual(
    one.find((i) => i.kind === 'action' && i.action.type === 'open-failures'),
    {
      kind: 'action',
      label: '1 failed execution since last opened',
      action: { type: 'open-failures' },
      enabled: true,
    },
  );
  assert.ok(
    labels(trayMenu(state({ failuresSinceOpened: 4 }), NOW)).includes(
      '4 failed executions since last opened',
    ),
  );
  assert.ok(!labels(trayMenu(state(), NOW)).some((l) => l.includes('failed')));
});

test('paused: the status says so and the item resumes', () => {
  const items = trayMenu(state({ paused: true }), NOW);
  assert.equal(labels(items)[0], 'Attune Desktop: timers paused');
  assert.ok(
    items.some(
      (i) => i.kind === 'action' && i.action.type === 'resume-timers' && i.label === 'Resume timers',
    ),
  );
  assert.ok(!items.some((i) => i.kind === 'action' && i.action.type === 'pause-timers'));
});

test('a host that cannot pause timers shows the item disabled', () => {
  const item = trayMenu(state({ canPause: false }), NOW).find(
    (i) => i.kind === 'action' && i.action.type === 'pause-timers',
  );
  assert.equal(item?.kind === 'action' && item.enabled, false);
});

test('Run rule now lists the enabled rules by label (ref when unlabelled), disabled when there are none', () => {
  const rules = [
    { ref: 'p.a', label: 'Backup', enabled: true },
    { ref: 'p.off', label: 'Off', enabled: false },
    { ref: 'p.b', label: '', enabled: true },
  ];
  const sub = trayMenu(state({ rules }), NOW).find((i) => i.kind === 'submenu');
  assert.deepEqual(sub, {
    kind: 'submenu',
    label: 'Run rule now',
    enabled: true,
    items: [
      { kind: 'action', label: 'Backup', action: { type: 'run-rule', ref: 'p.a' }, enabled: true },
      { kind: 'action', label: 'p.b', action: { type: 'run-rule', ref: 'p.b' }, enabled: true },
    ],
  });
  const none = trayMenu(state(), NOW).find((i) => i.kind === 'submenu');
  assert.equal(none?.kind === 'submenu' && none.enabled, false);
});

test('Start at login is a checkbox showing the current setting', () => {
  for (const startAtLogin of [true, false]) {
    const item = trayMenu(state({ startAtLogin }), NOW).find(
      (i) => i.kind === 'checkbox' && i.label === 'Start at login',
    );
    assert.deepEqual(item, {
      kind: 'checkbox',
      label: 'Start at login',
      action: { type: 'toggle-start-at-login' },
      checked: startAtLogin,
    });
  }
});

test('Notify when an execution fails is a checkbox showing the current setting', () => {
  for (const notifyOnFailure of [true, false]) {
    const item = trayMenu(state({ notifyOnFailure }), NOW).find(
      (i) => i.kind === 'checkbox' && i.action.type === 'toggle-notify-on-failure',
    );
    assert.equal(item?.kind === 'checkbox' && item.checked, notifyOnFailure);
  }
});

test('the icon shows failing over paused over idle', () => {
  assert.equal(trayIconState(state()), 'idle');
  assert.equal(trayIconState(state({ paused: true })), 'paused');
  assert.equal(trayIconState(state({ paused: true, failuresSinceOpened: 2 })), 'failing');
});

test('times in words round up to the minute and never go negative', () => {
  assert.equal(inWords(NOW - 1000, NOW), 'now');
  assert.equal(inWords(NOW + 1, NOW), 'in 1 min');
  assert.equal(inWords(NOW + 60 * min, NOW), 'in 1 h');
  assert.equal(inWords(NOW + 47 * 60 * min, NOW), 'in 47 h');
  assert.equal(inWords(NOW + 48 * 60 * min, NOW), 'in 2 d');
});
