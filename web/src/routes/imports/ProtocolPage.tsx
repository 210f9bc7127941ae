import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import { Loading } from '../../components/Status';
import { ErrorAlert } from '../../components/ui';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDateTime } from '../../lib/format';
import { ru } from '../../i18n/ru';
import { LoadStatusBadge } from './ImportsHome';

/** `/imports/:id`: one load's counts, first errors and report. */
export default function ProtocolPage() {
  const { id = '' } = useParams();
  const p = useQuery({
    queryKey: ['protocol', id],
    queryFn: () => call(api.GET('/api/imports/protocols/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.status === 'processing' ? 2000 : false),
  });
  const [reportError, setReportError] = useState<unknown>(null);
  usePageTitle(ru.imports.protocolTitle(p.data?.seq ? String(p.data.seq) : ''));
  if (p.isPending) return <Loading />;
  if (p.isError) return <ErrorAlert error={p.error} />;
  const d = p.data;
  const onReport = async () => {
    setReportError(null);
    try {
      const link = await call(api.GET('/api/imports/protocols/{id}/report', { params: { path: { id } } }));
      window.location.assign(link.url);
    } catch (err) {
      setReportError(err);
    }
  };
  return (
    <div className="page" data-testid="protocol-page">
      <p>
        <Link to="/">{ru.imports.back}</Link>
      </p>
      <div className="page-head">
        <h1>{ru.imports.protocolTitle(d.seq ? String(d.seq) : '')}</h1>
        <LoadStatusBadge p={d} />
      </div>
      <p>
        {d.fileName} · {d.procedureTitle ?? ''} {d.checkOnly ? `· ${ru.imports.checkOnlyMark}` : ''} · {formatDateTime(d.createdAt)}
      </p>
      {d.reason && (
        <p className="alert alert--error" role="alert">
          {d.reason}
        </p>
      )}
      {d.warnings.map((w) => (
        <p key={w} className="alert alert--warning">
          {w}
        </p>
      ))}
      <section className="card" aria-labelledby="counts-title">
        <h2 id="counts-title">{ru.imports.counts}</h2>
        <dl className="facts" data-testid="protocol-counts">
          {/* Only a routes file drops stops; an outlet protocol has nothing removed to show. */}
          {Object.entries(d.counts)
            .filter(([k]) => k !== 'removed' || d.procedure === 'routes')
            .map(([k, v]) => (
            <div key={k}>
              <dt>{ru.imports.countNames[k] ?? k}</dt>
              <dd data-count={k}>{v}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card" aria-labelledby="errors-title">
        <h2 id="errors-title">{ru.imports.firstErrors}</h2>
        {d.firstErrors.length === 0 ? (
          <p>{ru.imports.noErrors}</p>
        ) : (
          <ScrollTable label={ru.imports.firstErrors}>
            <table className="table" data-testid="protocol-errors">
              <ColumnHeads columns={[ru.imports.errRow, ru.imports.errColumn, ru.imports.errValue, ru.imports.errReason]} />
              <tbody>
                {d.firstErrors.map((e, i) => (
                  <tr key={i}>
                    <td>{e.row}</td>
                    <td>{e.column ?? ''}</td>
                    <td>{e.value ?? ''}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
        {d.hasReport && (
          <button type="button" className="button" onClick={() => void onReport()}>
            {ru.imports.report}
          </button>
        )}
        <ErrorAlert error={reportError} />
      </section>
    </div>
  );
}
