/**
 * Starts the UI: token from the address bar into the session, theme, bridge, then the first
 * view's chunk and page, and only then the shell (app/start.tsx, its own chunk). This chunk is
 * small, so the WebSocket handshake, the first page and the view's chunk are under way while the
 * shell's chunk (React DOM and the rest) is still downloading (docs/performance.md "UI").
 */
import '@xyflow/react/dist/style.css';
import './app/styles/theme.css';
import './app/styles/shell.css';
import './app/styles/controls.css';
import './app/styles/lists.css';
import './app/styles/builder.css';
import { startFirstView } from './app/first-view.ts';
import { appPath, moveQueryIntoHash } from './app/location.ts';
import { installBridge } from './common/api/invoke.ts';
import { connectBridge, takeTokenFromAddressBar } from './common/bridge/connect.ts';
import { startTheme } from './common/theme/theme.ts';

takeTokenFromAddressBar();
moveQueryIntoHash();
startTheme();
// Set once the query cache exists (start.tsx); a reconnection before that has nothing to refresh.
let onReconnect = () => {};
const bridge = connectBridge({ onReconnect: () => onReconnect() });
if (bridge) {
  installBridge(bridge);
  startFirstView(appPath());
}
void import('./app/start.tsx').then((m) => {
  onReconnect = m.startApp(bridge);
});
