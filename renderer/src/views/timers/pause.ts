/**
 * Pause and resume all timers. No channel pauses the timer sensor, so "pause all" disables
 * every enabled timer rule and remembers which (in the browser's storage, this UI's state);
 * "resume all" enables exactly those again. Slots that fall while paused do not run; a resumed
 * interval rule counts from the moment it is enabled again (docs/timers.md).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { invoke } from '../../common/api/invoke.ts';
import { ruleQueries } from '../../common/api/queries.ts';
import { type PauseSet, parsePauseSet } from '../../domain/agenda.ts';

const KEY = 'attune.timers.paused';
const listeners = new Set<() => void>();
let cached: { raw: string | null; value: PauseSet | null } = { raw: null, value: null };

function read(): PauseSet | null {
  const raw = localStorage.getItem(KEY);
  if (raw !== cached.raw) cached = { raw, value: parsePauseSet(raw) };
  return cached.value;
}

function write(p: PauseSet | null): void {
  if (p) localStorage.setItem(KEY, JSON.stringify(p));
  else localStorage.removeItem(KEY);
  for (const l of listeners) l();
}

/** The timers paused from this UI, if any. */
export function usePauseSet(): PauseSet | null {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    window.addEventListener('storage', l);
    return () => {
      listeners.delete(l);
      window.removeEventListener('storage', l);
    };
  }, read);
}

async function setEnabled(
  refs: readonly string[],
  enabled: boolean,
): Promise<{ done: string[]; failed: string[] }> {
  const results = await Promise.allSettled(
    refs.map((ref) => invoke('rules.update', { ref, patch: { enabled } })),
  );
  const done: string[] = [];
  const failed: string[] = [];
  results.forEach((r, i) => {
    const ref = refs[i] as string;
    if (r.status === 'fulfilled') done.push(ref);
    else failed.push(`${ref}: ${(r.reason as Error).message}`);
  });
  return { done, failed };
}

export function usePauseAll() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (refs: readonly string[]) => {
      const r = await setEnabled(refs, false);
      // Remember what was paused even when some failed, so resume puts those back.
      if (r.done.length)
        write({ refs: [...(read()?.refs ?? []), ...r.done], since: new Date().toISOString() });
      if (r.failed.length) throw new Error(r.failed.join('; '));
      return r.done.length;
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ruleQueries.all() }),
  });
}

export function useResumeAll() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (p: PauseSet) => {
      const r = await setEnabled(p.refs, true);
      // A rule deleted meanwhile cannot be resumed; it is forgotten with the rest.
      write(null);
      return r;
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ruleQueries.all() }),
  });
}
