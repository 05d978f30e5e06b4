/** The first start: what a rule is, and two templates that open the rule builder filled in. */
import { Link } from 'wouter';
import { FIRST_RULE_TEMPLATES, templateHref } from '../../domain/dashboard.ts';

export function FirstStart() {
  return (
    <section className="card db-first" aria-labelledby="db-first-title">
      <h2 id="db-first-title">Create your first rule</h2>
      <p>
        A rule says <em>when</em> something happens (a time of day, a webhook being called), <em>if</em> it
        should act (a condition on what arrived), and <em>what</em> to do (show a notification, run a script).
        Start from one of these:
      </p>
      <ul className="db-templates">
        {FIRST_RULE_TEMPLATES.map((t) => (
          <li key={t.id}>
            <Link href={templateHref(t.id)} className="db-template">
              <span className="db-template-title">{t.title}</span>
              <span className="rec-muted rec-small">{t.description}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="rec-small rec-muted">
        Or <Link href="/rules/new">start from an empty rule</Link>, or{' '}
        <Link href="/packs">import a pack</Link>.
      </p>
    </section>
  );
}
