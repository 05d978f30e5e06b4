/** What a page opened without the token (or with a refused one) says: how to get in. */

export function OpeningPage({ refused = false }: { refused?: boolean }) {
  return (
    <main className="opening">
      <div className="opening-card">
        <h1>Attune Desktop</h1>
        {refused ? (
          <p role="alert">
            The engine did not accept this page’s token (the engine was probably restarted with a new one, or
            another data folder). Open the new link the engine printed.
          </p>
        ) : (
          <p>Open this page with the link the host printed: it carries the API token this page needs.</p>
        )}
        <ol>
          <li>
            In the project folder, run <code>npm start</code> (or <code>npm run serve</code> when the UI is
            already built).
          </li>
          <li>
            It prints a line like <code>UI: http://127.0.0.1:8787/#token=…</code> — open that link in this
            browser.
          </li>
        </ol>
        <p className="muted">
          The token stays in this browser tab only and is removed from the address bar. It is also in the file{' '}
          <code>api-token</code> in the data folder.
        </p>
      </div>
    </main>
  );
}
