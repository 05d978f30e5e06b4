/**
 * The executions view's writes: cancel (`executions.cancel`) and re-run (`executions.execute`
 * with the same action and parameters). The answer patches the detail at once; the notification
 * router keeps it and the lists fresh from then on.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Execution } from '../../../../core/contract/entities.ts';
import { invoke } from '../../common/api/invoke.ts';
import { executionQueries } from '../../common/api/queries.ts';

export function useCancelExecution() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => invoke('executions.cancel', { id }),
    onSuccess: (x: Execution) => {
      qc.setQueryData(executionQueries.detail(x.id).queryKey, x);
      return qc.invalidateQueries({ queryKey: executionQueries.lists() });
    },
  });
}

export function useRerunExecution() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { action_ref: string; parameters: Record<string, unknown> }) =>
      invoke('executions.execute', a),
    onSuccess: (x: Execution) => {
      qc.setQueryData(executionQueries.detail(x.id).queryKey, x);
      return qc.invalidateQueries({ queryKey: executionQueries.lists() });
    },
  });
}
