import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import { Loading } from '../../components/Status';
import { ErrorAlert } from '../../components/ui';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDate, formatMoney } from '../../lib/format';
import { ru } from '../../i18n/ru';
import { moscowMonth } from '../../lib/format';

const t = ru.ledger;

/**
 * `/statement` (a service centre): its own month — what the wholesaler owes
 * it for its own parts and what it owes for paid orders and shipping at its
 * cost. The API answers only the caller's own centre.
 */
export default function StatementPage() {
  usePageTitle(t.statementTitle);
  const [month, setMonth] = useState(moscowMonth());
  const statement = useQuery({
    queryKey: ['centre-statement', month],
    queryFn: () => call(api.GET('/api/ledger/centre-statement', { params: { query: { month } } })),
    enabled: /^\d{4}-\d{2}$/.test(month),
  });
  const st = statement.data;
  return (
    <div className="page" data-testid="statement-page">
      <div className="page-head">
        <h1>{t.statementTitle}</h1>
      </div>
      <p className="muted">{t.statementIntro}</p>
      <div className="card filters ledger-filters">
        <div className="field">
          <label htmlFor="statement-month">{t.month}</label>
          <input id="statement-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </div>
      </div>
      {statement.isPending && statement.fetchStatus !== 'idle' && <Loading />}
      <ErrorAlert error={statement.error} />
      {st && (
        <>
          <dl className="facts" data-testid="statement-totals">
            <div>
              <dt>{t.owed}</dt>
              <dd data-testid="statement-owed">{formatMoney(st.owed)}</dd>
            </div>
            <div>
              <dt>{t.owes}</dt>
              <dd data-testid="statement-owes">{formatMoney(st.owes)}</dd>
            </div>
          </dl>
          {st.entries.length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <ScrollTable label={t.entries}>
              <table className="table">
                <caption>{t.entries}</caption>
                <ColumnHeads columns={[t.at, t.act, t.kind, t.payerOf, t.amount]} />
                <tbody>
                  {st.entries.map((e) => (
                    <tr key={e.id} data-testid="statement-entry">
                      <td>{formatDate(e.at)}</td>
                      <td>{e.actId ? <Link to={`/acts/${e.actId}`}>{e.actNumber || e.actId}</Link> : e.shipmentId}</td>
                      <td>{t.kinds[e.kind] ?? e.kind}</td>
                      <td>{ru.actions.payers[e.payer] ?? e.payer}</td>
                      <td>{formatMoney(e.amount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          )}
        </>
      )}
    </div>
  );
}
