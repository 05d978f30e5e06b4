/**
 * The packs view's writes, all through the contract's channels: validate and import (a path, or
 * an archive's bytes as base64), reload, delete, export, and enabling reviewed rules. The
 * notification router refreshes packs, triggers, actions and rules on `pack_changed`.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../core/contract/channels.ts';
import { invoke } from '../../common/api/invoke.ts';
import { packQueries, ruleQueries } from '../../common/api/queries.ts';

/** Where a pack comes from: an archive chosen or dropped, or a path on the host's machine. */
export type PackSource = { kind: 'file'; name: string; base64: string } | { kind: 'path'; path: string };

function sourceInput(s: PackSource): { path: string } | { content_base64: string; source_name: string } {
  return s.kind === 'path' ? { path: s.path } : { content_base64: s.base64, source_name: s.name };
}

export function useValidatePack() {
  return useMutation({ mutationFn: (s: PackSource) => invoke('packs.validate', sourceInput(s)) });
}

export function useImportPack() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { source: PackSource; upgrade: boolean; secrets: Record<string, string> }) =>
      invoke('packs.import', { ...sourceInput(a.source), upgrade: a.upgrade, secrets: a.secrets }),
    onSuccess: () => qc.invalidateQueries({ queryKey: packQueries.all() }),
  });
}

export function useReloadPack() {
  return useMutation({ mutationFn: (ref: string) => invoke('packs.reload', { ref }) });
}

export function useDeletePack() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ref: string) => invoke('packs.delete', { ref }),
    onSuccess: (r) => {
      qc.removeQueries({ queryKey: packQueries.detail(r.ref).queryKey });
      return qc.invalidateQueries({ queryKey: packQueries.lists() });
    },
  });
}

export function useExportPack() {
  return useMutation({
    mutationFn: (input: ChannelInput<'packs.export'>) =>
      invoke('packs.export', { ...input, format: 'tar.gz' }),
  });
}

export function useEnableRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { ref: string; enabled: boolean }) =>
      invoke('rules.update', { ref: a.ref, patch: { enabled: a.enabled } }),
    onSuccess: (rule) => {
      qc.setQueryData(ruleQueries.detail(rule.ref).queryKey, rule);
      return qc.invalidateQueries({ queryKey: ruleQueries.lists() });
    },
  });
}
