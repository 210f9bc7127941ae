import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import type { ActDetail, APIAction, FileKind, Payer } from '../../api/types';
import { FileUpload } from '../../components/FileUpload';
import { Loading } from '../../components/Status';
import { ErrorAlert, newKey, Notice, StatusBadge } from '../../components/ui';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format';
import { formatPhone } from '../../lib/phone';
import { ru } from '../../i18n/ru';
import { useUser } from '../SessionLayout';
import { ActDocument } from './ActDocument';
import { ActFiles } from './ActForm';
import { actKey, takeAction, useAct, useCentres } from './actsApi';
import { Verdict } from './Verdict';
import { dateFields, fieldLabel } from './formModel';
import { TrackingNumber } from '../shipments/shipmentsApi';

/** `/acts/:id`: the act, its timeline, thread, files and the moves open to the caller. */
export default function ActPage() {
  const { id = '' } = useParams();
  const act = useAct(id);
  const [params] = useSearchParams();
  usePageTitle(act.data ? ru.act.title(act.data.number) : ru.app.loading);
  if (act.isPending) return <Loading />;
  if (act.isError) {
    return (
      <div className="page">
        <p className="alert alert--error" role="alert">
          {act.error instanceof ApiProblem && act.error.status === 404 ? ru.act.notFound : act.error.message}
        </p>
      </div>
    );
  }
  return <ActView act={act.data} justSubmitted={params.get('submitted') === '1'} />;
}

function Facts({ act }: { act: ActDetail }) {
  const o = ru.form;
  const yesNo = (v: boolean | undefined) => (v === undefined ? '—' : v ? o.yes : o.no);
  const rows: Array<[string, string]> = [
    [o.category, act.category ?? '—'],
    [o.article, act.article ?? '—'],
    [o.serial, act.serialNumber ?? '—'],
    [o.complaint, act.complaint ?? '—'],
    [o.appearance, o.appearanceOptions[act.appearance ?? ''] ?? '—'],
    [o.saleDate, act.saleDate ? formatDate(act.saleDate) : '—'],
    [o.acceptedDate, act.acceptedDate ? formatDate(act.acceptedDate) : '—'],
    [o.completeness, o.completenessOptions[act.completeness ?? ''] ?? '—'],
    [o.warrantyCard, yesNo(act.warrantyCard)],
    [o.internalNumber, act.internalNumber ?? '—'],
    [o.mechanic, act.mechanic ?? '—'],
    [o.diagnosis, act.diagnosis ?? '—'],
    [o.conclusion, act.conclusion ?? '—'],
    [o.warrantyCase, yesNo(act.warrantyCase)],
    [o.customerName, act.customerName ?? '—'],
    [o.customerPhone, act.customerPhone ? formatPhone(act.customerPhone) : '—'],
    [o.seller, act.sellerOrganization ?? '—'],
    [o.complexity, act.complexity ? String(act.complexity) : '—'],
    [o.productState, o.productStateOptions[act.productState ?? ''] ?? '—'],
    [o.repairEndDate, act.repairEndDate ? formatDate(act.repairEndDate) : '—'],
  ];
  if (act.refusal14) rows.push([o.flags, o.refusal14]);
  if (act.paidOrder) rows.push([o.flags, o.paidOrder]);
  return (
    <>
      <dl className="facts" data-testid="act-facts">
        {rows.map(([k, v], i) => (
          <div key={i}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {(act.parts?.length ?? 0) > 0 && (
        <ScrollTable label={o.parts}>
          <table className="table table--cards" data-testid="act-parts">
            <caption>{o.parts}</caption>
            <ColumnHeads columns={['№', o.partName, o.partScheme, o.partQty, o.partOwn, o.partPrice]} />
            <tbody>
              {(act.parts ?? []).map((p, i) => (
                <tr key={i}>
                  <td data-label="№">{i + 1}</td>
                  <td data-label={o.partName}>{p.name}</td>
                  <td data-label={o.partScheme}>{p.schemeNumber ?? ''}</td>
                  <td data-label={o.partQty}>{p.quantity}</td>
                  <td data-label={o.partOwn}>{p.ownPart ? o.yes : o.no}</td>
                  <td data-label={o.partPrice}>{p.price !== undefined ? formatMoney(p.price) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </>
  );
}

/** A history value as the act page shows the field: dates ДД.ММ.ГГГГ, choices in words, parts by name. */
export function changeValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return ru.act.emptyValue;
  if (typeof v === 'boolean') return v ? ru.form.yes : ru.form.no;
  if (Array.isArray(v)) return v.map((p: { name?: string; quantity?: number }) => ru.act.partValue(p.name ?? '', p.quantity ?? 1)).join(', ');
  const s = String(v);
  if ((dateFields as readonly string[]).includes(field)) return formatDate(s);
  if (field === 'customerPhone') return formatPhone(s);
  const options: Record<string, Record<string, string>> = {
    appearance: ru.form.appearanceOptions,
    completeness: ru.form.completenessOptions,
    productState: ru.form.productStateOptions,
  };
  return options[field]?.[s] ?? s;
}

/**
 * Who acted: the person (the API's actorName, as they were named then) and
 * their role — «Петров Иван · Менеджер»; the role alone for the system and for
 * events recorded before names were.
 */
export function actorLabel(e: ActDetail['history'][number]): string {
  const role = ru.act.roles[e.actorRole] ?? e.actorRole;
  const name = e.actorName?.trim();
  return name ? `${name} · ${role}` : role;
}

export function Timeline({ act }: { act: ActDetail }) {
  return (
    <ol className="timeline" data-testid="act-history">
      {act.history.map((e) => {
        let what: string;
        switch (e.type) {
          case 'created':
            what = ru.act.eventCreated;
            break;
          case 'edited':
            what = ru.act.eventEdited;
            break;
          case 'status':
            what = ru.act.eventStatus(ru.status[e.from ?? ''] ?? e.from ?? '', ru.status[e.to ?? ''] ?? e.to ?? '');
            break;
          case 'comment':
            what = ru.act.eventComment;
            break;
          case 'file_attached':
            what = ru.act.eventFile;
            break;
          case 'document_sent':
            // The server words it: «Гарантийный акт отправлен на …».
            what = e.reason ?? '';
            break;
          default:
            what = ru.act.eventFileRejected;
        }
        return (
          <li key={e.id}>
            <time dateTime={e.at}>{formatDateTime(e.at)}</time> · <span className="muted">{actorLabel(e)}</span>
            <div>{what}</div>
            {/* What changed, old → new, for an edit and for the fields a creation filled. */}
            {e.type === 'edited' && (e.changes?.length ?? 0) > 0 && (
              <ul className="changes">
                {(e.changes ?? []).map((c) => (
                  <li key={c.field}>{ru.act.change(fieldLabel(c.field), changeValue(c.field, c.old), changeValue(c.field, c.new))}</li>
                ))}
              </ul>
            )}
            {/* A rejected file's reason is the photo check's code; other reasons are what a person typed. */}
            {e.reason && e.type !== 'document_sent' && <div className="muted">{`${ru.act.reason}: ${e.type === 'file_rejected' ? ru.files.rejectReason(e.reason) : e.reason}`}</div>}
          </li>
        );
      })}
    </ol>
  );
}

function Comments({ act }: { act: ActDetail }) {
  const user = useUser();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [fileIds, setFileIds] = useState<string[]>([]);
  const [kind, setKind] = useState<FileKind>(user.role === 'service_center' ? 'other' : 'other');
  const [note, setNote] = useState<string | null>(null);
  const [key, setKey] = useState(newKey);
  const send = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/acts/{id}/comments', {
          params: { path: { id: act.id }, header: { 'Idempotency-Key': key } },
          body: { ...(text.trim() ? { text: text.trim() } : {}), ...(fileIds.length ? { fileIds } : {}) },
        }),
      ),
    onSuccess: () => {
      setText('');
      setFileIds([]);
      setKey(newKey());
      setNote(ru.act.sent);
      void queryClient.invalidateQueries({ queryKey: actKey(act.id) });
      void queryClient.invalidateQueries({ queryKey: ['acts'] });
    },
  });
  const onSend = (e: FormEvent) => {
    e.preventDefault();
    setNote(null);
    if (!text.trim() && fileIds.length === 0) {
      setNote(ru.act.textOrFile);
      return;
    }
    send.mutate();
  };
  const requests = act.comments.filter((c) => c.infoRequest);
  const isCentre = user.role === 'service_center';
  return (
    <section className="card" aria-labelledby="comments-title">
      <h2 id="comments-title">{ru.act.comments}</h2>
      {isCentre && act.status === 'info_requested' && requests.length > 0 && (
        <div className="alert alert--warning" data-testid="info-requests">
          <h3>{ru.act.requestsTitle}</h3>
          {requests.slice(-1).map((c) => (
            <div key={c.id}>
              <p className="pre">{c.text}</p>
              {c.replyDeadline && <p>{ru.act.requestDeadline(formatDate(c.replyDeadline))}</p>}
            </div>
          ))}
        </div>
      )}
      {act.comments.length === 0 ? (
        <p className="muted">{ru.act.noComments}</p>
      ) : (
        <ol className="comments" data-testid="act-comments">
          {act.comments.map((c) => (
            <li key={c.id} className={c.infoRequest ? 'comment comment--request' : 'comment'}>
              <div className="comment__head">
                <strong>{ru.act.roles[c.authorRole] ?? c.authorRole}</strong> · <time dateTime={c.at}>{formatDateTime(c.at)}</time>
                {c.infoRequest && <span className="badge badge--info_requested">{ru.act.infoRequest}</span>}
              </div>
              <p className="pre">{c.text}</p>
              {(c.fileIds?.length ?? 0) > 0 && (
                <ul className="comment__files">
                  {(c.fileIds ?? []).map((fid) => {
                    const f = act.files.find((x) => x.id === fid);
                    return <li key={fid}>{f ? `${ru.files.kinds[f.kind] ?? f.kind}: ${f.name ?? f.id}` : fid}</li>;
                  })}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      <form className="form reply" onSubmit={onSend} noValidate>
        <div className="field">
          <label htmlFor="reply-text">{isCentre && act.status === 'info_requested' ? ru.act.replyLabel : ru.act.commentLabel}</label>
          <textarea id="reply-text" rows={3} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="reply-kind">{ru.act.attachKind}</label>
          <select id="reply-kind" value={kind} onChange={(e) => setKind(e.target.value as FileKind)}>
            {Object.entries(ru.files.kinds).map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <FileUpload
          key={`${kind}-${key}`}
          kind={kind}
          label={ru.act.attach}
          testId="reply-upload"
          getActId={async () => act.id}
          onUploaded={(f) => {
            setFileIds((ids) => [...ids, f.id]);
            void queryClient.invalidateQueries({ queryKey: ['act-files', act.id] });
          }}
        />
        {fileIds.length > 0 && <p className="muted">{fileIds.length} ✓</p>}
        {note && <Notice>{note}</Notice>}
        <ErrorAlert error={send.error} />
        <button type="submit" className="button button--primary" disabled={send.isPending}>
          {send.isPending ? ru.act.sending : ru.act.send}
        </button>
      </form>
    </section>
  );
}

const centreActions: string[] = ['submit', 'withdraw', 'deliver', 'claim_mismatch', 'mark_repaired'];
const needsReason: APIAction[] = ['refuse', 'claim_mismatch', 'request_info'];

function Actions({ act }: { act: ActDetail }) {
  const user = useUser();
  const queryClient = useQueryClient();
  const staff = user.role !== 'service_center';
  const [open, setOpen] = useState<APIAction | null>(null);
  const [reason, setReason] = useState('');
  const [days, setDays] = useState(5);
  const [payer, setPayer] = useState<Payer>('wholesaler');
  const [reasonError, setReasonError] = useState(false);
  const [done, setDone] = useState(false);
  const move = useMutation({
    mutationFn: (action: APIAction) =>
      takeAction(act.id, {
        action,
        version: act.version,
        ...(needsReason.includes(action) ? { reason: reason.trim() } : {}),
        ...(action === 'request_info' ? { deadlineDays: days } : {}),
        ...(action === 'approve' || action === 'paid_order' ? { payer: action === 'paid_order' ? 'service_center' : payer } : {}),
      }),
    onSuccess: () => {
      setOpen(null);
      setReason('');
      setDone(true);
      void queryClient.invalidateQueries({ queryKey: actKey(act.id) });
      void queryClient.invalidateQueries({ queryKey: ['acts'] });
    },
  });
  const available = act.actions.filter((a) => (staff ? true : centreActions.includes(a)) && a !== 'submit');
  const canEdit = act.status === 'draft' && !staff;
  if (available.length === 0 && !canEdit && !staff) return null;

  const run = (a: APIAction) => {
    setDone(false);
    if (needsReason.includes(a)) {
      if (open !== a) {
        setOpen(a);
        setReasonError(false);
        return;
      }
      if (!reason.trim()) {
        setReasonError(true);
        return;
      }
    }
    if (a === 'approve' && open !== a) {
      setOpen(a);
      return;
    }
    move.mutate(a);
  };

  return (
    <section className="card" aria-labelledby="actions-title" data-testid="act-actions">
      <h2 id="actions-title">{staff ? ru.actions.decision : ru.act.actions}</h2>
      {done && <Notice kind="success">{ru.act.done}</Notice>}
      <ErrorAlert error={move.error} prefix={ru.actions.failed} />
      <div className="action-buttons">
        {canEdit && (
          <Link to={`/acts/${act.id}/edit`} className="button button--primary">
            {ru.act.edit}
          </Link>
        )}
        {staff && (
          <Link to={`/acts/${act.id}/edit?step=1`} className="button">
            {ru.act.correct}
          </Link>
        )}
        {available.map((a) => (
          <button
            key={a}
            type="button"
            className={a === 'refuse' || a === 'withdraw' ? 'button button--danger' : 'button'}
            aria-expanded={needsReason.includes(a) || a === 'approve' ? open === a : undefined}
            onClick={() => run(a)}
            disabled={move.isPending}
          >
            {ru.actions[a as keyof typeof ru.actions] as string}
          </button>
        ))}
      </div>
      {open && (
        <form
          className="form action-form"
          onSubmit={(e) => {
            e.preventDefault();
            run(open);
          }}
          noValidate
        >
          {needsReason.includes(open) && (
            <div className="field">
              <label htmlFor="action-reason">
                {open === 'claim_mismatch' ? ru.actions.mismatchLabel : open === 'request_info' ? ru.actions.requestLabel : ru.actions.reasonLabel}
              </label>
              <textarea
                id="action-reason"
                rows={3}
                maxLength={4000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                aria-invalid={reasonError ? true : undefined}
                aria-describedby={reasonError ? 'action-reason-error' : undefined}
              />
              {reasonError && (
                <p id="action-reason-error" className="field-error">
                  {ru.actions.reasonRequired}
                </p>
              )}
            </div>
          )}
          {open === 'request_info' && (
            <div className="field">
              <label htmlFor="action-days">{ru.actions.deadline}</label>
              <select id="action-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
                {[3, 4, 5].map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </div>
          )}
          {open === 'approve' && (
            <div className="field">
              <label htmlFor="action-payer">{ru.actions.payer}</label>
              <select id="action-payer" value={payer} onChange={(e) => setPayer(e.target.value as Payer)}>
                {Object.entries(ru.actions.payers).map(([k, l]) => (
                  <option key={k} value={k}>
                    {l}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="action-buttons">
            <button type="submit" className="button button--primary" disabled={move.isPending}>
              {ru.actions.confirm}: {ru.actions[open as keyof typeof ru.actions] as string}
            </button>
            <button type="button" className="button" onClick={() => setOpen(null)}>
              {ru.actions.cancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/**
 * The parcels that carried the act's parts, each tracking number a link to the
 * carrier's page; while they are on their way the centre confirms arrival here,
 * as it could on the shipment (every act in the parcel moves with it).
 */
function Parcels({ act, centre }: { act: ActDetail; centre: boolean }) {
  const queryClient = useQueryClient();
  const deliver = useMutation({
    mutationFn: () => call(api.POST('/api/acts/{id}/delivery', { params: { path: { id: act.id } }, body: {} })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: actKey(act.id) });
      void queryClient.invalidateQueries({ queryKey: ['acts'] });
      void queryClient.invalidateQueries({ queryKey: ['shipments'] });
    },
  });
  const parcels = act.parcels ?? [];
  if (parcels.length === 0) return null;
  return (
    <section className="card" aria-labelledby="parcels-title" data-testid="act-parcels">
      <h2 id="parcels-title">{ru.act.parcels}</h2>
      <ul className="plain-list">
        {parcels.map((p) => (
          <li key={p.shipmentId}>
            {p.carrier}, {ru.shipments.tracking.toLowerCase()}{' '}
            <span data-fact="tracking">
              <TrackingNumber number={p.trackingNumber} url={p.trackingUrl} />
            </span>
            {' · '}
            <Link to={`/shipments/${encodeURIComponent(p.shipmentId)}`}>{ru.act.parcelShipment}</Link>
          </li>
        ))}
      </ul>
      {centre && act.status === 'parts_shipped' && (
        <>
          <p className="hint">{ru.shipments.deliverHint}</p>
          <button type="button" className="button button--primary" onClick={() => deliver.mutate()} disabled={deliver.isPending}>
            {deliver.isPending ? ru.shipments.delivering : ru.shipments.deliverCentre}
          </button>
          <ErrorAlert error={deliver.error} prefix={ru.shipments.deliverFailed} />
        </>
      )}
    </section>
  );
}

/** For staff: whose act it is, by name, with the centre's contacts (to call about a question). */
function CentreCard({ act }: { act: ActDetail }) {
  const centres = useCentres(true);
  const c = (centres.data ?? []).find((x) => x.id === act.serviceCenterId);
  const rows: Array<[string, ReactNode]> = [[ru.act.centre, act.serviceCenterName ?? c?.name ?? ru.acts.centreUnknown]];
  if (c?.city) rows.push([ru.act.centreCity, c.city]);
  if (c?.phone) rows.push([ru.act.centrePhone, <a href={`tel:${c.phone}`}>{formatPhone(c.phone)}</a>]);
  if (c?.email) rows.push([ru.act.centreEmail, <a href={`mailto:${c.email}`}>{c.email}</a>]);
  return (
    <section className="card" aria-labelledby="centre-title" data-testid="act-centre">
      <h2 id="centre-title">{ru.act.centre}</h2>
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/**
 * What the reader does next. An approval whose parts are all the centre's own
 * creates no order: nothing will be shipped, so the centre is not told to wait
 * for a shipment but what it is owed and to mark the repair.
 */
export function nextStep(act: Pick<ActDetail, 'status' | 'parts'>, centre: boolean): string {
  const parts = act.parts ?? [];
  if (act.status === 'approved' && parts.every((p) => p.ownPart)) {
    const owed = parts.reduce((sum, p) => sum + (p.price ?? 0) * p.quantity, 0);
    return centre ? ru.nextStepOwnParts(owed > 0 ? formatMoney(owed) : null) : ru.nextStepStaffOwnParts;
  }
  return (centre ? ru.nextStep : ru.nextStepStaff)[act.status] ?? '';
}

function ActView({ act, justSubmitted }: { act: ActDetail; justSubmitted: boolean }) {
  const { role } = useUser();
  return (
    <div className="page act-page" data-testid="act-page">
      <div className="page-head">
        <h1>{ru.act.title(act.number)}</h1>
        <StatusBadge status={act.status} />
      </div>
      {justSubmitted && act.status === 'submitted' && <Notice kind="success">{ru.form.submitDone}</Notice>}
      <Verdict act={act} />
      {act.warnings.length > 0 && (
        <div className="alert alert--warning" role="status">
          {act.warnings.map((w) => (
            <p key={w.field + w.code}>{w.message}</p>
          ))}
        </div>
      )}
      <p className="muted" data-testid="next-step">
        {nextStep(act, role === 'service_center')}
      </p>
      <div className="act-grid">
        <div className="act-grid__main">
          <Parcels act={act} centre={role === 'service_center'} />
          <Actions act={act} />
          <Comments act={act} />
          <section className="card" aria-labelledby="summary-title">
            <h2 id="summary-title">{ru.act.summary}</h2>
            <Facts act={act} />
          </section>
        </div>
        <div className="act-grid__side">
          {role !== 'service_center' && <CentreCard act={act} />}
          <ActDocument act={act} />
          <section className="card" aria-labelledby="files-title">
            <h2 id="files-title">{ru.act.files}</h2>
            <ActFiles actId={act.id} />
          </section>
          <section className="card" aria-labelledby="history-title">
            <h2 id="history-title">{ru.act.timeline}</h2>
            <Timeline act={act} />
          </section>
        </div>
      </div>
    </div>
  );
}
