/**
 * The command palette (Ctrl/⌘-K): every enabled command from the registry, every rule, and an
 * event or execution by its number. Matching and ranking are in domain/palette.ts.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  Autocomplete,
  Dialog,
  Header,
  Input,
  Menu,
  MenuItem,
  MenuSection,
  Modal,
  ModalOverlay,
  SearchField,
  Text,
} from 'react-aria-components';
import { navigate } from 'wouter/use-hash-location';
import { ruleQueries } from '../common/api/queries.ts';
import { shortcutLabel, useRegisteredCommands } from '../common/commands/registry.ts';
import { idInQuery, type PaletteEntry, rankEntries } from '../domain/palette.ts';

interface Item extends PaletteEntry {
  perform: () => void;
}

function useItems(query: string, open: boolean): Item[] {
  const commands = useRegisteredCommands();
  const rules = useQuery({ ...ruleQueries.list(), enabled: open });
  return useMemo(() => {
    const fromCommands: Item[] = commands
      .filter((c) => c.id !== 'palette.open' && (c.enabled?.() ?? true))
      .map((c) => {
        const hint = shortcutLabel(c);
        return {
          id: c.id,
          label: c.label,
          group: c.group,
          ...(c.keywords ? { keywords: c.keywords } : {}),
          ...(hint ? { hint } : {}),
          perform: c.perform,
        };
      });
    const fromRules: Item[] = (rules.data ?? []).map((r) => ({
      id: `rule:${r.ref}`,
      label: r.label && r.label !== r.ref ? `${r.label} (${r.ref})` : r.ref,
      group: 'Rules',
      keywords: [r.ref, r.trigger_ref, r.action_ref],
      perform: () => navigate(`/rules/${encodeURIComponent(r.ref)}`),
    }));
    const id = idInQuery(query);
    const byId: Item[] =
      id === null
        ? []
        : [
            {
              id: `event:${id}`,
              label: `Event #${id}`,
              group: 'Open',
              perform: () => navigate(`/events/${id}`),
            },
            {
              id: `execution:${id}`,
              label: `Execution #${id}`,
              group: 'Open',
              perform: () => navigate(`/executions/${id}`),
            },
          ];
    return [...byId, ...rankEntries(id === null ? query : '', [...fromCommands, ...fromRules], 60)];
  }, [commands, rules.data, query]);
}

function sections(items: readonly Item[]): Array<{ group: string; items: Item[] }> {
  const out = new Map<string, Item[]>();
  for (const i of items) out.set(i.group, [...(out.get(i.group) ?? []), i]);
  return [...out].map(([group, list]) => ({ group, items: list }));
}

/** What was typed while the palette's chunk loaded (app.tsx): the query, and whether Enter was pressed. */
export interface TypedAhead {
  query: string;
  enter: boolean;
}

export function CommandPalette({
  isOpen,
  onOpenChange,
  typedAhead,
}: {
  isOpen: boolean;
  onOpenChange: (o: boolean) => void;
  typedAhead?: TypedAhead;
}) {
  const [query, setQuery] = useState(typedAhead?.query ?? '');
  const items = useItems(query, isOpen);
  const byId = new Map(items.map((i) => [i.id, i]));
  const close = (open: boolean) => {
    if (!open) setQuery('');
    onOpenChange(open);
  };
  // Focus in the commit that opens it, not in an effect after it: when the palette replaces its
  // loading stand-in (palette-loading.tsx), keys typed in between would otherwise go nowhere.
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    if (isOpen) input.current?.focus();
  }, [isOpen]);
  // Enter pressed before the palette loaded picks the best match for that query. Read in the
  // commit, not at render: React may render the palette, yield to the browser (keys typed then
  // still reach the stand-in) and commit later.
  const enterPendingFor = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (!typedAhead) return;
    setQuery(typedAhead.query);
    if (typedAhead.enter) enterPendingFor.current = typedAhead.query;
  }, [typedAhead]);
  useEffect(() => {
    const first = items[0];
    if (enterPendingFor.current === null || enterPendingFor.current !== query || !first) return;
    enterPendingFor.current = null;
    close(false);
    first.perform();
  });
  return (
    <ModalOverlay
      className="modal-overlay palette-overlay"
      isOpen={isOpen}
      onOpenChange={close}
      isDismissable
    >
      <Modal className="modal palette">
        <Dialog className="dialog palette-dialog" aria-label="Command palette">
          <Autocomplete
            inputValue={query}
            onInputChange={(q) => {
              // A pending Enter was for the query typed ahead, not for a changed one.
              enterPendingFor.current = null;
              setQuery(q);
            }}
          >
            <SearchField
              className="palette-search"
              aria-label="Search commands, rules, or an event number"
              autoFocus
            >
              <Input
                ref={input}
                className="input palette-input"
                onKeyDown={(ev) => {
                  // A query typed before the palette loaded has no item highlighted (the list
                  // highlights on typing): Enter then takes the best match, as it would have.
                  if (ev.key !== 'Enter' || !query || ev.currentTarget.getAttribute('aria-activedescendant'))
                    return;
                  const first = items[0];
                  if (!first) return;
                  close(false);
                  first.perform();
                }}
                placeholder="Type a command, a rule, or an event number…"
              />
            </SearchField>
            <Menu
              className="palette-list"
              aria-label="Results"
              onAction={(key) => {
                const item = byId.get(String(key));
                close(false);
                item?.perform();
              }}
              renderEmptyState={() => <p className="palette-empty">Nothing matches “{query}”.</p>}
            >
              {sections(items).map((s) => (
                <MenuSection key={s.group} className="palette-section">
                  <Header className="palette-header">{s.group}</Header>
                  {s.items.map((i) => (
                    <MenuItem key={i.id} id={i.id} textValue={i.label} className="palette-item">
                      <Text slot="label">{i.label}</Text>
                      {i.hint && <kbd className="kbd">{i.hint}</kbd>}
                    </MenuItem>
                  ))}
                </MenuSection>
              ))}
            </Menu>
          </Autocomplete>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
