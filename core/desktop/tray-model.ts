/**
 * The tray menu as data (docs/desktop.md "Tray"): a pure function from what the tray shows to
 * a list of items, so electron/ only maps items to `Menu.buildFromTemplate` and clicks back to
 * actions. No Electron types here.
 */

/** What a click on a menu item asks the host to do. */
export type TrayAction =
  | { type: 'open' }
  | { type: 'open-failures' }
  | { type: 'pause-timers' }
  | { type: 'resume-timers' }
  | { type: 'run-rule'; ref: string }
  | { type: 'toggle-start-at-login' }
  | { type: 'toggle-notify-on-failure' }
  | { type: 'quit' };

export type TrayItem =
  | { kind: 'label'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'checkbox'; label: string; action: TrayAction; checked: boolean }
  | { kind: 'submenu'; label: string; items: TrayItem[]; enabled: boolean };

/** One upcoming timer fire. */
export interface NextFire {
  ruleRef: string;
  label: string;
  /** Epoch ms. */
  at: number;
}

export interface TrayState {
  paused: boolean;
  /** Whether the host can pause timers; without it the item shows, disabled. */
  canPause: boolean;
  /** Soonest first; the menu shows the first three. */
  nextFires: readonly NextFire[];
  /** Failed or timed-out executions since the user last opened the window. */
  failuresSinceOpened: number;
  /** The user's rules, for "Run rule now". */
  rules: ReadonlyArray<{ ref: string; label: string; enabled: boolean }>;
  startAtLogin: boolean;
  /** Whether a failed execution raises a desktop notification. */
  notifyOnFailure: boolean;
}

/** The icon state the tray shows: failing wins over paused, paused over idle. */
export type TrayIconState = 'idle' | 'paused' | 'failing';

export function trayIconState(s: TrayState): TrayIconState {
  if (s.failuresSinceOpened > 0) return 'failing';
  return s.paused ? 'paused' : 'idle';
}

/** How many upcoming fires the menu lists. */
export const NEXT_FIRES_SHOWN = 3;

/** "in 5 min", "in 2 h 5 min", "in 3 d" — short enough for a menu line, from `now`. */
export function inWords(at: number, now: number): string {
  const min = Math.max(0, Math.ceil((at - now) / 60_000));
  if (min < 1) return 'now';
  if (min < 60) return `in ${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `in ${h} h` : `in ${h} h ${min % 60} min`;
  return `in ${Math.floor(h / 24)} d`;
}

/** The menu, top to bottom. */
export function trayMenu(s: TrayState, now: number): TrayItem[] {
  const items: TrayItem[] = [
    { kind: 'label', label: s.paused ? 'Attune Desktop: timers paused' : 'Attune Desktop: running' },
  ];
  const next = s.nextFires.slice(0, NEXT_FIRES_SHOWN);
  if (next.length === 0) items.push({ kind: 'label', label: 'No timer fires scheduled' });
  for (const f of next) items.push({ kind: 'label', label: `${f.label} — ${inWords(f.at, now)}` });
  if (s.failuresSinceOpened > 0) {
    const n = s.failuresSinceOpened;
    items.push({
      kind: 'action',
      label: `${n} failed execution${n === 1 ? '' : 's'} since last opened`,
      action: { type: 'open-failures' },
      enabled: true,
    });
  }
  const runnable = s.rules.filter((r) => r.enabled);
  items.push(
    { kind: 'separator' },
    { kind: 'action', label: 'Open Attune Desktop', action: { type: 'open' }, enabled: true },
    s.paused
      ? { kind: 'action', label: 'Resume timers', action: { type: 'resume-timers' }, enabled: s.canPause }
      : { kind: 'action', label: 'Pause all timers', action: { type: 'pause-timers' }, enabled: s.canPause },
    {
      kind: 'submenu',
      label: 'Run rule now',
      enabled: runnable.length > 0,
      items: runnable.map((r) => ({
        kind: 'action' as const,
        label: r.label || r.ref,
        action: { type: 'run-rule' as const, ref: r.ref },
        enabled: true,
      })),
    },
    { kind: 'separator' },
    {
      kind: 'checkbox',
      label: 'Notify when an execution fails',
      action: { type: 'toggle-notify-on-failure' },
      checked: s.notifyOnFailure,
    },
    {
      kind: 'checkbox',
      label: 'Start at login',
      action: { type: 'toggle-start-at-login' },
      checked: s.startAtLogin,
    },
    { kind: 'action', label: 'Quit Attune Desktop', action: { type: 'quit' }, enabled: true },
  );
  return items;
}
