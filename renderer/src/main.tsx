/** Starts the UI: token from the address bar into the session, theme, bridge, React. */
import '@xyflow/react/dist/style.css';
import './app/styles/theme.css';
import './app/styles/shell.css';
import './app/styles/controls.css';
import './app/styles/lists.css';
import './app/styles/builder.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createQueryClient } from './app/app.tsx';
import { startFirstView } from './app/first-view.ts';
import { appPath, moveQueryIntoHash } from './app/location.ts';
import { installBridge } from './common/api/invoke.ts';
import { connectBridge, takeTokenFromAddressBar } from './common/bridge/connect.ts';
import { startTheme } from './common/theme/theme.ts';

takeTokenFromAddressBar();
moveQueryIntoHash();
startTheme();
const queryClient = createQueryClient();
// After a lost connection, whatever changed meanwhile was not announced: read it again.
const bridge = connectBridge({
  onReconnect: () => void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[1] !== 'output' }),
});
if (bridge) {
  installBridge(bridge);
  startFirstView(appPath());
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App bridge={bridge} queryClient={queryClient} />
    </StrictMode>,
  );
}
