/**
 * The rules list's writes, all through the contract's channels: enable/disable (one or many,
 * composed from `rules.update`), duplicate (`rules.create`), delete, and run now (`rules.run`).
 * The notification router refreshes lists; each mutation also patches what it knows at once.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RuleView } from '../../../../core/contract/entities.ts';
import { invoke } from '../../common/api/invoke.ts';
import { ruleQueries } from '../../common/api/queries.ts';
import { duplicateOf } from '../../domain/rule-list.ts';

export function useSetEnabled() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (a: { refs: readonly string[]; enabled: boolean }) => {
      // One update per rule: each either applies or fails on its own, and says which.
      const results = await Promise.allSettled(
        a.refs.map((ref) => invoke('rules.update', { ref, patch: { enabled: a.enabled } })),
      );
      const failed = results.flatMap((r, i) =>
        r.status === 'rejected' ? [`${a.refs[i]}: ${(r.reason as Error).message}`] : [],
      );
      for (const r of results) {
        if (r.status === 'fulfilled') qc.setQueryData(ruleQueries.detail(r.value.ref).queryKey, r.value);
      }
      if (failed.length) throw new Error(failed.join('; '));
      return results.length;
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ruleQueries.lists() }),
  });
}

export function useDeleteRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ref: string) => invoke('rules.delete', { ref }),
    onSuccess: (r) => {
      qc.removeQueries({ queryKey: ruleQueries.detail(r.ref).queryKey });
      qc.setQueriesData<RuleView[]>({ queryKey: ruleQueries.lists() }, (old) =>
        old?.filter((x) => x.ref !== r.ref),
      );
    },
  });
}

export function useDuplicateRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { rule: RuleView; taken: ReadonlySet<string> }) =>
      invoke('rules.create', duplicateOf(a.rule, a.taken)),
    onSuccess: (created) => {
      qc.setQueryData(ruleQueries.detail(created.ref).queryKey, created);
      return qc.invalidateQueries({ queryKey: ruleQueries.lists() });
    },
  });
}

export function useRunRule() {
  return useMutation({
    mutationFn: (a: { ref: string; payload: Record<string, unknown> }) =>
      invoke('rules.run', { ref: a.ref, payload: a.payload }),
  });
}
