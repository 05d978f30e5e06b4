/**
 * The keys view's reads and writes beyond the list: reveal (one `keys.get` with decrypt, never
 * cached), create, update and delete. The notification router refreshes the list after each.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../core/contract/channels.ts';
import { invoke } from '../../common/api/invoke.ts';
import { keyQueries } from '../../common/api/queries.ts';

/** Reads one key's value, decrypted: kept in the component that shows it, not in the cache. */
export function revealKey(ref: string): Promise<unknown> {
  return invoke('keys.get', { ref, decrypt: true }).then((k) => k.value);
}

export function useSaveKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (
      a:
        | { create: true; input: ChannelInput<'keys.create'> }
        | { create: false; input: ChannelInput<'keys.update'> },
    ) => (a.create ? invoke('keys.create', a.input) : invoke('keys.update', a.input)),
    onSuccess: () => qc.invalidateQueries({ queryKey: keyQueries.all() }),
  });
}

export function useDeleteKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ref: string) => invoke('keys.delete', { ref }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keyQueries.all() }),
  });
}
