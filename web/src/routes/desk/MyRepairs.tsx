import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import { Loading } from '../../components/Status';
import { ErrorAlert } from '../../components/ui';
import { usePageTitle } from '../../components/usePageTitle';
import { ru } from '../../i18n/ru';

/**
 * `/desk/mine`: the orders the signed-in user executes, overdue first (the
 * API's order), as a list that reads on a phone — the technician's screen.
 */
export default function MyRepairs() {
  const t = ru.deskops;
  const d = ru.desk;
  usePageTitle(t.myOrders);
  const list = useQuery({
    queryKey: ['desk', 'repairs', 'mine'],
    queryFn: () => call(api.GET('/api/desk/repairs', { params: { query: { executor: 'me', limit: 200 } } })),
  });
  return (
    <div className="page" data-testid="my-repairs">
      <div className="page-head">
        <h1>{t.myOrders}</h1>
        <p className="hint">{t.myOrdersHint}</p>
      </div>
      {list.isPending && <Loading />}
      <ErrorAlert error={list.error} />
      {list.isSuccess && list.data.items.length === 0 && <p>{t.noMyOrders}</p>}
      {list.isSuccess && list.data.items.length > 0 && (
        <ul className="my-repairs" aria-label={t.myOrders}>
          {list.data.items.map((r) => (
            <li key={r.id} className={r.overdue ? 'card row--overdue' : 'card'} data-testid="my-repair">
              <Link to={`/desk/repairs/${encodeURIComponent(r.id)}`}>
                <strong>{r.number}</strong> — {r.deviceTitle}
              </Link>
              <p>{r.complaint}</p>
              <p>
                {r.statusName} · {d.inStatus.toLowerCase()} {d.duration(r.minutesInStatus)}
                {r.overdue && <strong className="badge badge--overdue"> {d.overdue}</strong>}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
