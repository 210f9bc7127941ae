import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import type { ActListItem, Role } from '../../api/types';
import { Loading } from '../../components/Status';
import { daysSince, ErrorAlert, StatusBadge } from '../../components/ui';
import { ChoiceField, FilterButtons } from '../../components/fields';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDateTime } from '../../lib/format';
import { parseTypedDate, typedFromISO } from '../../lib/typedDate';
import { formatPhone } from '../../lib/phone';
import { saveBlob } from '../../lib/upload';
import { ru } from '../../i18n/ru';
import { useCategories, useCentres } from './actsApi';

interface Filters {
  q: string;
  status: string;
  category: string;
  verdict: string;
  serviceCenter: string;
  from: string;
  to: string;
}
const noFilters: Filters = { q: '', status: '', category: '', verdict: '', serviceCenter: '', from: '', to: '' };

function query(view: 'queue' | undefined, f: Filters) {
  const q: Record<string, string> = {};
  if (view) q.view = view;
  for (const [k, v] of Object.entries(f)) if (v.trim()) q[k] = v.trim();
  return q;
}

/** The review badge: time in review against the 1–3 day target. */
function ReviewBadge({ act }: { act: ActListItem }) {
  const age = ru.queue.reviewAge(act.reviewDays);
  const cls = act.reviewOverdue ? 'over' : act.reviewDays >= 1 ? 'warn' : 'ok';
  const text = act.reviewOverdue ? ru.queue.reviewOver(age) : act.reviewDays >= 1 ? ru.queue.reviewWarn(age) : ru.queue.reviewOk(age);
  return <span className={`review review--${cls}`}>{text}</span>;
}

/** «Удалить черновик», asked once more before it goes: a draft and its files are deleted for good. */
function DeleteDraft({ act }: { act: ActListItem }) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/acts/{id}', { params: { path: { id: act.id }, header: { 'If-Match': `"${act.version}"` } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['acts'] }),
  });
  return (
    <div className="act-row__actions">
      {!asking ? (
        <button type="button" className="button button--secondary" onClick={() => setAsking(true)}>
          {ru.acts.deleteDraft}
        </button>
      ) : (
        <>
          <span role="status">{ru.acts.deleteAsk}</span>
          <button type="button" className="button button--danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {ru.acts.deleteYes}
          </button>
          <button type="button" className="button" onClick={() => setAsking(false)}>
            {ru.acts.deleteNo}
          </button>
        </>
      )}
      <ErrorAlert error={remove.error} prefix={ru.acts.deleteFailed} />
    </div>
  );
}

/**
 * A list of acts: a centre's own (`role` service_center), the managers' queue
 * (`view` queue) or all acts with filters. Rows link to the act page.
 */
export function ActsList({ role, view, title, testId }: { role: Role; view?: 'queue'; title: string; testId?: string }) {
  usePageTitle(title);
  const staff = role !== 'service_center';
  const [params, setParams] = useSearchParams();
  const applied: Filters = { ...noFilters };
  for (const k of Object.keys(noFilters) as (keyof Filters)[]) applied[k] = params.get(k) ?? '';
  // The period is typed as ДД.ММ.ГГГГ (not the browser's locale date input) and kept in the address as ISO.
  const [draft, setDraft] = useState<Filters>({ ...applied, from: typedFromISO(applied.from), to: typedFromISO(applied.to) });
  const [badDates, setBadDates] = useState<Array<'from' | 'to'>>([]);
  const categories = useCategories();
  const centres = useCentres(staff);
  const centreName = new Map((centres.data ?? []).map((c) => [c.id, c.name]));
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);

  const list = useInfiniteQuery({
    queryKey: ['acts', view ?? 'all', applied],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/acts', { params: { query: { ...query(view, applied), limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.next || undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(applied).some((v) => v);

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    const dates = { from: parseTypedDate(draft.from), to: parseTypedDate(draft.to) };
    const bad = (['from', 'to'] as const).filter((k) => dates[k] === 'invalid');
    setBadDates(bad);
    if (bad.length) return;
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...draft, from: dates.from ?? '', to: dates.to ?? '' })) if (v.trim()) next.set(k, v.trim());
    setParams(next);
  };
  const onExport = async () => {
    setExportError(null);
    setExporting(true);
    try {
      const res = await api.GET('/api/acts/export', { params: { query: query(view, applied) }, parseAs: 'blob' });
      if (!res.response.ok) {
        const body = await res.response.clone().json().catch(() => null);
        throw new ApiProblem({ status: res.response.status, code: 'export', message: body?.error?.message ?? ru.queue.exportFailed });
      }
      saveBlob(res.data as Blob, 'acts.xlsx');
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(false);
    }
  };

  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <div className="page" data-testid={testId}>
      <div className="page-head">
        <h1>{title}</h1>
        {role === 'service_center' && (
          <Link to="/acts/new" className="button button--primary">
            {ru.acts.newAct}
          </Link>
        )}
        {staff && (
          <button type="button" className="button" onClick={() => void onExport()} disabled={exporting}>
            {exporting ? ru.queue.exporting : ru.queue.export}
          </button>
        )}
      </div>
      <ErrorAlert error={exportError} prefix={ru.queue.exportFailed} />
      <form className="filters card" onSubmit={onSearch} role="search">
        <div className="field filters__q">
          <label htmlFor="f-q">{ru.queue.search}</label>
          <input id="f-q" type="search" value={draft.q} onChange={set('q')} aria-describedby="f-q-hint" maxLength={100} />
          <p id="f-q-hint" className="hint">
            {ru.queue.searchHint}
          </p>
        </div>
        {view !== 'queue' && (
          <ChoiceField
            id="f-status"
            label={ru.queue.status}
            value={draft.status}
            onChange={set('status')}
            none={ru.queue.anyStatus}
            options={Object.entries(ru.status)}
          />
        )}
        <ChoiceField
          id="f-category"
          label={ru.queue.category}
          value={draft.category}
          onChange={set('category')}
          none={ru.queue.anyCategory}
          options={(categories.data ?? []).map((c) => [c.name, c.name])}
        />
        {staff && (
          <ChoiceField
            id="f-verdict"
            label={ru.eligibility.filter}
            value={draft.verdict}
            onChange={set('verdict')}
            none={ru.eligibility.anyVerdict}
            options={Object.entries(ru.eligibility.verdicts)}
          />
        )}
        {staff && (centres.data?.length ?? 0) > 0 && (
          <ChoiceField
            id="f-centre"
            label={ru.queue.centre}
            value={draft.serviceCenter}
            onChange={set('serviceCenter')}
            none={ru.queue.anyCentre}
            options={(centres.data ?? []).map((c) => [c.id, c.name])}
          />
        )}
        {(['from', 'to'] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`f-${k}`}>{ru.queue[k]}</label>
            <input
              id={`f-${k}`}
              type="text"
              inputMode="numeric"
              maxLength={10}
              placeholder={ru.form.datePlaceholder}
              value={draft[k]}
              onChange={set(k)}
              aria-invalid={badDates.includes(k) || undefined}
              aria-describedby={badDates.includes(k) ? `f-${k}-e` : undefined}
            />
            {badDates.includes(k) && (
              <p id={`f-${k}-e`} className="field-error">
                {ru.form.dateFormat}
              </p>
            )}
          </div>
        ))}
        <FilterButtons
          onReset={() => {
            setDraft(noFilters);
            setParams(new URLSearchParams());
          }}
        />
      </form>

      {list.isPending && <Loading />}
      {list.isError && (
        <div>
          <ErrorAlert error={list.error} prefix={ru.acts.loadFailed} />
          <button type="button" className="button" onClick={() => void list.refetch()}>
            {ru.acts.retry}
          </button>
        </div>
      )}
      {list.isSuccess && items.length === 0 && (
        <p className="card empty" data-testid="acts-empty">
          {filtered ? ru.acts.emptyFiltered : view === 'queue' ? ru.queue.empty : ru.acts.empty}
        </p>
      )}
      {items.length > 0 && (
        <ul className="act-list" data-testid="acts-list">
          {items.map((a) => (
            <li key={a.id} className="act-row card" data-testid="act-row">
              <div className="act-row__top">
                {a.number ? (
                  <Link to={`/acts/${a.id}`} className="act-row__number" aria-label={ru.acts.open(a.number)}>
                    {a.number}
                  </Link>
                ) : (
                  // A draft has no number until it is submitted: «Черновик» and when it was last saved.
                  <Link to={`/acts/${a.id}/edit`} className="act-row__number" aria-label={ru.acts.openDraft(formatDateTime(a.updatedAt))}>
                    {ru.acts.draft}
                  </Link>
                )}
                {a.number && <StatusBadge status={a.status} />}
                {!a.number && <span className="muted">{ru.acts.draftSaved(formatDateTime(a.updatedAt))}</span>}
                {a.appearance === 'pre_sale' && <span className="badge badge--presale">{ru.queue.preSale}</span>}
                {view === 'queue' && <ReviewBadge act={a} />}
              </div>
              <dl className="act-row__facts">
                <div>
                  <dt>{ru.acts.colProduct}</dt>
                  <dd>{[a.category, a.article].filter(Boolean).join(', ') || '—'}</dd>
                </div>
                <div>
                  <dt>{ru.acts.colCustomer}</dt>
                  <dd>{[a.customerName, a.customerPhone ? formatPhone(a.customerPhone) : ''].filter(Boolean).join(', ') || '—'}</dd>
                </div>
                {staff && (
                  <div>
                    <dt>{ru.acts.colCentre}</dt>
                    <dd data-testid="act-centre">{a.serviceCenterName ?? centreName.get(a.serviceCenterId) ?? ru.acts.centreUnknown}</dd>
                  </div>
                )}
                {a.eligibility && (
                  <div className="act-row__verdict">
                    <dt>{ru.eligibility.title}</dt>
                    <dd data-testid="act-verdict" data-verdict={a.eligibility.verdict}>
                      <span className={`badge badge--verdict-${a.eligibility.verdict}`}>{ru.eligibility.verdicts[a.eligibility.verdict]}</span>
                      {a.eligibility.reasons.length > 0 && (
                        <span className="act-row__reasons">{a.eligibility.reasons.map((r) => r.message).join('; ')}</span>
                      )}
                    </dd>
                  </div>
                )}
                <div>
                  <dt>{ru.acts.colDays}</dt>
                  <dd>{ru.acts.days(daysSince(a.statusChangedAt))}</dd>
                </div>
                {!staff && (
                  <div>
                    <dt>{ru.acts.colNext}</dt>
                    <dd className="act-row__next">{ru.nextStep[a.status] ?? ''}</dd>
                  </div>
                )}
              </dl>
              {!staff && a.status === 'draft' && <DeleteDraft act={a} />}
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button type="button" className="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {ru.acts.more}
        </button>
      )}
    </div>
  );
}
