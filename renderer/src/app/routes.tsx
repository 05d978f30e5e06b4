/**
 * The views and their hash routes (`#/rules/local.x`, `#/events/123`): the sidebar, the
 * router and the "Go to" commands all read this one table.
 */
import { lazy, Suspense } from 'react';
import { Route, Switch, useSearch } from 'wouter';
import { EmptyState, Loading } from '../common/ui/feedback.tsx';
import { lazyView } from './lazy-view.tsx';
import { loadEventsView } from './view-chunks.ts';

// Each view is its own chunk, loaded when first opened: the first view ships only its own code.
const DashboardView = lazy(() =>
  import('../views/dashboard/dashboard-view.tsx').then((m) => ({ default: m.DashboardView })),
);
// The view the benchmark opens on (and a usual first view): rendered without suspending (lazy-view.tsx).
const { View: EventsView } = lazyView(loadEventsView);
const ExecutionsView = lazy(() =>
  import('../views/executions/executions-view.tsx').then((m) => ({ default: m.ExecutionsView })),
);
const PacksView = lazy(() => import('../views/packs/packs-view.tsx').then((m) => ({ default: m.PacksView })));
const RulesView = lazy(() => import('../views/rules/rules-view.tsx').then((m) => ({ default: m.RulesView })));
const SensorsView = lazy(() =>
  import('../views/sensors/sensors-view.tsx').then((m) => ({ default: m.SensorsView })),
);
const SettingsView = lazy(() =>
  import('../views/settings/settings-view.tsx').then((m) => ({ default: m.SettingsView })),
);
const TimersView = lazy(() =>
  import('../views/timers/timers-view.tsx').then((m) => ({ default: m.TimersView })),
);
const KeysView = lazy(() => import('../views/keys/keys-view.tsx').then((m) => ({ default: m.KeysView })));
// The builder (graph, forms) is the largest view.
const RuleBuilderView = lazy(() =>
  import('../views/rules/builder/rule-builder-view.tsx').then((m) => ({ default: m.RuleBuilderView })),
);

function Builder({ ruleRef }: { ruleRef?: string }) {
  // A new rule from a template (`?template=…`) is another form than an empty one.
  const search = useSearch();
  return <RuleBuilderView key={ruleRef ?? `new?${search}`} ruleRef={ruleRef} />;
}

export interface NavItem {
  path: string;
  label: string;
  /** Shortcut of its "Go to" command. */
  shortcut: string;
  keywords: readonly string[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'Dashboard', shortcut: 'Alt+1', keywords: ['home', 'overview'] },
  { path: '/rules', label: 'Rules', shortcut: 'Alt+2', keywords: ['automation', 'builder'] },
  { path: '/events', label: 'Events', shortcut: 'Alt+3', keywords: ['log', 'history'] },
  { path: '/executions', label: 'Executions', shortcut: 'Alt+4', keywords: ['runs', 'output'] },
  { path: '/timers', label: 'Timers', shortcut: 'Alt+5', keywords: ['schedule', 'cron', 'agenda'] },
  { path: '/sensors', label: 'Sensors', shortcut: 'Alt+8', keywords: ['watchers', 'processes', 'logs'] },
  { path: '/packs', label: 'Packs', shortcut: 'Alt+6', keywords: ['import', 'export'] },
  { path: '/settings', label: 'Settings', shortcut: 'Alt+7', keywords: ['token', 'theme', 'preferences'] },
  { path: '/keys', label: 'Keys', shortcut: 'Alt+9', keywords: ['secrets', 'keystore', 'tokens'] },
];

/** The nav item a location belongs to (`/rules/local.x` → Rules). */
export function navItemOf(location: string): NavItem | undefined {
  if (location === '/') return NAV_ITEMS[0];
  return NAV_ITEMS.find((n) => n.path !== '/' && (location === n.path || location.startsWith(`${n.path}/`)));
}

export function Routes() {
  return (
    <Suspense fallback={<Loading label="Opening…" />}>
      <ViewSwitch />
    </Suspense>
  );
}

function ViewSwitch() {
  return (
    <Switch>
      <Route path="/" component={DashboardView} />
      <Route path="/rules" component={RulesView} />
      <Route path="/rules/new">{() => <Builder />}</Route>
      <Route path="/rules/:ref">{(p) => <Builder ruleRef={p.ref} />}</Route>
      <Route path="/events">{() => <EventsView />}</Route>
      <Route path="/events/:id">{(p) => <EventsView id={p.id} />}</Route>
      <Route path="/executions">{() => <ExecutionsView />}</Route>
      <Route path="/executions/:id">{(p) => <ExecutionsView id={p.id} />}</Route>
      <Route path="/timers" component={TimersView} />
      <Route path="/packs">{() => <PacksView />}</Route>
      <Route path="/packs/:ref">{(p) => <PacksView packRef={p.ref} />}</Route>
      <Route path="/settings" component={SettingsView} />
      <Route path="/sensors">{() => <SensorsView />}</Route>
      <Route path="/sensors/:ref">{(p) => <SensorsView sensorRef={p.ref} />}</Route>
      <Route path="/keys" component={KeysView} />
      <Route>
        <div className="page">
          <EmptyState title="Nothing here">
            <p>
              This address does not name a view. <a href="#/">Go to the dashboard</a>.
            </p>
          </EmptyState>
        </div>
      </Route>
    </Switch>
  );
}
