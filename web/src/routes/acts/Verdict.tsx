import { Link } from 'react-router';
import type { ActDetail } from '../../api/types';
import { ru } from '../../i18n/ru';

/**
 * The eligibility verdict at the top of an act: the system's answer and every
 * reason, a repeat claim linking the earlier act. Shown once the act has been
 * judged (at submission), to the manager and to the centre alike.
 */
export function Verdict({ act }: { act: ActDetail }) {
  const e = act.eligibility;
  if (!e) return null;
  const t = ru.eligibility;
  const kind = e.verdict === 'eligible' ? 'success' : e.verdict === 'doubtful' ? 'warning' : 'error';
  return (
    <section className={`alert alert--${kind}`} aria-labelledby="verdict-title" data-testid="verdict" data-verdict={e.verdict}>
      <h2 id="verdict-title">
        {t.title}: {t.verdicts[e.verdict]}
      </h2>
      {e.reasons.length > 0 && (
        <ul>
          {e.reasons.map((r, i) => (
            <li key={i} data-code={r.code}>
              {r.message}
              {r.actId && (
                <>
                  {' '}
                  <Link to={`/acts/${r.actId}`}>{t.openAct(r.actNumber ?? '')}</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {e.verdict !== 'doubtful' && <p className="muted">{t.decideAgainst}</p>}
    </section>
  );
}
