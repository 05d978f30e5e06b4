/** The installed packs: name, version, author, and whether it ships with the app. */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { packQueries } from '../../common/api/queries.ts';
import { ErrorBanner, Loading } from '../../common/ui/feedback.tsx';

export function PackList() {
  const packs = useQuery(packQueries.list());
  if (packs.isPending) return <Loading label="Reading packs…" />;
  if (packs.isError) return <ErrorBanner error={packs.error} title="Packs could not be read" />;
  return (
    <section className="card" aria-labelledby="pk-installed">
      <h2 id="pk-installed">Installed</h2>
      <table className="rec-table" aria-labelledby="pk-installed">
        <thead>
          <tr>
            <th scope="col">Pack</th>
            <th scope="col">Version</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {packs.data.map((p) => (
            <tr key={p.ref}>
              <td>
                <Link href={`/packs/${encodeURIComponent(p.ref)}`} className="rec-link">
                  {p.label || p.ref}
                </Link>{' '}
                <span className="mono rec-muted rec-small">{p.ref}</span>{' '}
                {p.system && <span className="badge badge-idle">built in</span>}
              </td>
              <td className="mono">{p.version}</td>
              <td className="rec-muted">{p.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
