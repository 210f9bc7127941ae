import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import { Loading } from '../../components/Status';
import { ErrorAlert, Notice } from '../../components/ui';
import { ChoiceField, FilterButtons } from '../../components/fields';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDateTime } from '../../lib/format';
import { saveBlob } from '../../lib/upload';
import { ru } from '../../i18n/ru';
import type { Outlet, OutletColumn, Route } from '../../api/types';
import { ColumnChooser, defaultColumns, OutletTable, SavedViews } from './outletView';

type Page = { next?: string | undefined; outlets: Outlet[]; routes: Route[] };
import { useUser } from '../SessionLayout';

type Kind = 'outlets' | 'routes';
const filterNames: Record<Kind, Array<[string, string]>> = {
  outlets: [
    ['code', ru.directory.code],
    ['name', ru.directory.name],
    ['city', ru.directory.city],
    ['localCode', ru.directory.localCode],
  ],
  routes: [
    ['code', ru.directory.code],
    ['territory', ru.directory.territory],
    ['outlet', ru.directory.outlet],
  ],
};

/** `/outlets` and `/routes`: a distributor's directory with filters and .xlsx export. */
export function Directory({ kind }: { kind: Kind }) {
  const user = useUser();
  const title = kind === 'outlets' ? ru.directory.outletsTitle : ru.directory.routesTitle;
  usePageTitle(title);
  const admin = user.role === 'admin';
  const distributors = useQuery({
    queryKey: ['distributors'],
    queryFn: async () => (await call(api.GET('/api/admin/distributors'))).items,
    enabled: admin,
  });
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [applied, setApplied] = useState<Record<string, string>>({});
  const [exportError, setExportError] = useState<unknown>(null);
  const [exportQueued, setExportQueued] = useState('');
  const [columns, setColumns] = useState<OutletColumn[]>(defaultColumns);
  const [sort, setSort] = useState('');
  const q: Record<string, string> = {
    ...Object.fromEntries(Object.entries(applied).filter(([, v]) => v.trim())),
    ...(kind === 'outlets' && sort ? { sort } : {}),
  };
  const ready = !admin || !!q.distributor;
  const list = useInfiniteQuery({
    queryKey: [kind, q],
    queryFn: ({ pageParam }): Promise<Page> => {
      const query = { ...q, limit: 100, ...(pageParam ? { cursor: pageParam } : {}) };
      return kind === 'outlets'
        ? call(api.GET('/api/outlets', { params: { query: query as never } })).then((r) => ({ next: r.next, outlets: r.items, routes: [] }))
        : call(api.GET('/api/routes', { params: { query: query as never } })).then((r) => ({ next: r.next, outlets: [], routes: r.items }));
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next || undefined,
    enabled: ready,
  });
  const outlets = list.data?.pages.flatMap((p) => p.outlets) ?? [];
  const routes = list.data?.pages.flatMap((p) => p.routes) ?? [];
  const onExport = async () => {
    setExportError(null);
    setExportQueued('');
    const res = await (kind === 'outlets'
      ? api.GET('/api/outlets/export', { params: { query: { ...q, columns: columns.join(',') } as never }, parseAs: 'blob' })
      : api.GET('/api/routes/export', { params: { query: q as never }, parseAs: 'blob' }));
    if (!res.response.ok) {
      const body = await res.response.clone().json().catch(() => null);
      if (kind === 'outlets' && body?.error?.code === 'too_many') {
        // More than the direct download's 10,000 rows: the same view is
        // exported in the background and its link e-mailed to the user.
        const queued = await api.POST('/api/outlets/export', { params: { query: { ...q, columns: columns.join(',') } as never } });
        if (queued.data) {
          setExportQueued(ru.directory.exportByMail(queued.data.linkDays));
          return;
        }
      }
      setExportError(new ApiProblem({ status: res.response.status, code: 'export', message: body?.error?.message ?? ru.queue.exportFailed }));
      return;
    }
    saveBlob(res.data as Blob, `${kind}.xlsx`);
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setApplied(draft);
  };
  const set = (k: string) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  return (
    <div className="page" data-testid={`directory-${kind}`}>
      <div className="page-head">
        <h1>{title}</h1>
        <button type="button" className="button" onClick={() => void onExport()} disabled={!ready}>
          {ru.queue.export}
        </button>
      </div>
      <ErrorAlert error={exportError} prefix={ru.queue.exportFailed} />
      {exportQueued && <Notice kind="success">{exportQueued}</Notice>}
      <form className="filters card" onSubmit={onSearch} role="search">
        {admin && (
          <ChoiceField
            id="d-dist"
            label={ru.directory.distributor}
            value={draft.distributor ?? ''}
            onChange={set('distributor')}
            none="—"
            options={(distributors.data ?? []).map((d) => [d.id, d.name])}
          />
        )}
        {filterNames[kind].map(([k, label]) => (
          <div className="field" key={k}>
            <label htmlFor={`d-${k}`}>{label}</label>
            <input id={`d-${k}`} value={draft[k] ?? ''} onChange={set(k)} />
          </div>
        ))}
        {kind === 'outlets' && (
          <>
            <ChoiceField
              id="d-subtype"
              label={ru.directory.subtype}
              value={draft.subtype ?? ''}
              onChange={set('subtype')}
              none={ru.directory.any}
              options={Object.entries(ru.directory.subtypes)}
            />
            <div className="field field--check">
              <input
                id="d-unmapped"
                type="checkbox"
                checked={draft.unmapped === 'true'}
                onChange={(e) => setDraft((d) => ({ ...d, unmapped: e.target.checked ? 'true' : '' }))}
                title={ru.directory.unmappedHint}
              />
              <label htmlFor="d-unmapped">{ru.directory.unmapped}</label>
            </div>
            <ChoiceField
              id="d-status"
              label={ru.directory.statusCol}
              value={draft.status ?? ''}
              onChange={set('status')}
              none={ru.directory.any}
              options={Object.entries(ru.directory.statuses)}
            />
          </>
        )}
        <div className="field">
          <label htmlFor="d-changed">{ru.directory.changed}</label>
          <input id="d-changed" type="date" value={draft.changedSince ?? ''} onChange={set('changedSince')} />
        </div>
        <FilterButtons
          onReset={() => {
            setDraft({});
            setApplied({});
          }}
        />
      </form>
      {kind === 'outlets' && (
        <>
          <SavedViews
            current={{ filters: Object.fromEntries(Object.entries(applied).filter(([, v]) => v.trim())), columns, sort }}
            onApply={(v) => {
              setDraft(v.filters);
              setApplied(v.filters);
              setColumns(v.columns);
              setSort(v.sort);
            }}
          />
          <ColumnChooser columns={columns} onChange={setColumns} />
        </>
      )}
      {!ready && <p className="card empty">{ru.directory.chooseDistributor}</p>}
      {ready && list.isPending && <Loading />}
      {list.isError && <ErrorAlert error={list.error} />}
      {list.isSuccess && outlets.length + routes.length === 0 && (
        <p className="card empty">{kind === 'outlets' ? ru.directory.emptyOutlets : ru.directory.emptyRoutes}</p>
      )}
      {outlets.length > 0 && (
        <ScrollTable label={ru.directory.outletsTitle}>
          <OutletTable outlets={outlets} columns={columns} sort={sort} onSort={setSort} />
        </ScrollTable>
      )}
      {routes.length > 0 && (
        <ScrollTable label={ru.directory.routesTitle}>
          <table className="table" data-testid="routes">
            <ColumnHeads columns={[ru.directory.code, ru.directory.territory, ru.directory.stops, ru.directory.changed, ru.directory.load]} />
            <tbody>
              {routes.map((r) => (
                <tr key={r.code}>
                  <td>{r.code}</td>
                  <td>{r.territory}</td>
                  <td>{r.stops.map((s) => s.outletCode).join(', ')}</td>
                  <td>{formatDateTime(r.changedAt)}</td>
                  <td>{r.loadSeq}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {list.hasNextPage && (
        <button type="button" className="button" onClick={() => void list.fetchNextPage()}>
          {ru.acts.more}
        </button>
      )}
    </div>
  );
}

export function OutletsPage() {
  return <Directory kind="outlets" />;
}
export function RoutesPage() {
  return <Directory kind="routes" />;
}
