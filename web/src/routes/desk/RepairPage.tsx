import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { Repair, RepairStatus } from '../../api/types';
import { Loading } from '../../components/Status';
import { ErrorAlert } from '../../components/ui';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDateTime, formatMoney } from '../../lib/format';
import { ru } from '../../i18n/ru';
import { repairKey, useDeskSettings } from './deskApi';
import { RepairDocuments } from './RepairDocuments';
import { centreRoleOf } from './deskopsApi';
import { AssignExecutor, PriceListPick, RepairActCard } from './deskopsParts';
import { useUser } from '../SessionLayout';

/** `/desk/repairs/:id`: the order — status, lines, payments, balance, history. */
export default function RepairPage() {
  const { id = '' } = useParams();
  const t = ru.desk;
  const card = useQuery({ queryKey: repairKey(id), queryFn: () => call(api.GET('/api/desk/repairs/{id}', { params: { path: { id } } })) });
  // A technician sees their orders, not the customer base (no cards, no acts).
  const frontDesk = centreRoleOf(useUser()) !== 'technician';
  usePageTitle(card.data?.repair.number ?? t.title);
  if (card.isPending) return <Loading />;
  if (card.isError) return <ErrorAlert error={card.error} />;
  const r = card.data.repair;
  const closed = r.status === 'handed_over';
  return (
    <div className="page" data-testid="repair-page">
      <div className="page-head">
        <h1>
          {r.number} — <span data-testid="repair-status">{r.statusName}</span>
        </h1>
        {frontDesk ? (
          <p>
            <Link to={`/desk/customers/${encodeURIComponent(r.customerId)}`}>{r.customerName}</Link>
            {' · '}
            <Link to={`/desk/devices/${encodeURIComponent(r.deviceId)}`}>{r.deviceTitle}</Link>
            {r.serial ? ` · ${r.serial}` : ''}
          </p>
        ) : (
          <p>
            {r.customerName} · {r.deviceTitle}
            {r.serial ? ` · ${r.serial}` : ''}
          </p>
        )}
        <p>
          {t.complaint}: {r.complaint}
        </p>
        <p>
          {t.inStatus}: {t.duration(r.minutesInStatus)}
          {r.overdue && <strong className="badge badge--overdue"> {t.overdue}</strong>}
        </p>
        {frontDesk && (
          <p>
            {!card.data.act && (
              <Link className="button" to={`/acts/new?repair=${encodeURIComponent(r.id)}`} data-testid="repair-open-act">
                {t.openAct}
              </Link>
            )}
            <Link className="button" to={`/agenda/new?repair=${encodeURIComponent(r.id)}`} data-testid="repair-plan-visit">
              {ru.agenda.planForOrder}
            </Link>
          </p>
        )}
      </div>
      {card.data.act && <RepairActCard act={card.data.act} />}
      {!closed && <MoveStatus repair={r} />}
      {!closed && frontDesk && <AssignExecutor repair={r} />}
      <Lines repair={r} closed={closed} />
      <Payments repair={r} closed={closed || !frontDesk} />
      <RepairDocuments repair={r} />
      <section className="card" aria-labelledby="repair-history">
        <h2 id="repair-history">{t.history}</h2>
        <ol className="history">
          {card.data.history.map((ev, i) => (
            <li key={i}>
              <time dateTime={ev.at}>{formatDateTime(ev.at)}</time> — {ev.text}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function useChange<T>(repair: Repair, path: 'status' | 'lines' | 'payments') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: T) =>
      call(
        api.POST(`/api/desk/repairs/{id}/${path}` as '/api/desk/repairs/{id}/status', {
          params: { path: { id: repair.id } },
          body: { ...(body as object), version: repair.version } as never,
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: repairKey(repair.id) }),
  });
}

function MoveStatus({ repair }: { repair: Repair }) {
  const t = ru.desk;
  const settings = useDeskSettings();
  const move = useChange<{ status: RepairStatus }>(repair, 'status');
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    move.mutate({ status: new FormData(e.currentTarget).get('status') as RepairStatus });
  };
  return (
    <section className="card">
      <form onSubmit={onSubmit} className="form form--inline" data-testid="repair-move">
        <label>
          {t.status}{' '}
          <select name="status" defaultValue={repair.status}>
            {(settings.data?.chain ?? []).map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={move.isPending}>
          {t.move}
        </button>
      </form>
      <ErrorAlert error={move.error} />
    </section>
  );
}

function Lines({ repair, closed }: { repair: Repair; closed: boolean }) {
  const t = ru.desk;
  const add = useChange<{ kind: string; name: string; quantity: number; price: number; workId?: string }>(repair, 'lines');
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    add.mutate({
      kind: String(f.get('kind')),
      name: String(f.get('name')).trim(),
      quantity: Number(f.get('quantity')),
      price: Number(String(f.get('price')).replace(',', '.')),
      ...(f.get('workId') ? { workId: String(f.get('workId')) } : {}),
    });
  };
  const rows = [...repair.works.map((l) => ({ ...l, kind: t.kindWork })), ...repair.parts.map((l) => ({ ...l, kind: t.kindPart }))];
  return (
    <section className="card" aria-labelledby="repair-lines">
      <h2 id="repair-lines">
        {t.works} / {t.parts}
      </h2>
      <ul>
        {rows.map((l) => (
          <li key={l.id}>
            {l.kind}: {l.name} × {l.quantity} — {formatMoney(l.price)}
          </li>
        ))}
      </ul>
      <p>
        {t.total}: <strong data-testid="repair-total">{formatMoney(repair.total)}</strong>
      </p>
      {!closed && (
        <form onSubmit={onSubmit} className="form form--inline" data-testid="repair-add-line">
          <PriceListPick />
          <select name="kind" aria-label={t.kindWork}>
            <option value="work">{t.kindWork}</option>
            <option value="part">{t.kindPart}</option>
          </select>
          <input name="name" aria-label={t.lineName} placeholder={t.lineName} required maxLength={200} />
          <input name="quantity" aria-label={t.quantity} type="number" min={1} max={999} defaultValue={1} required />
          <input name="price" aria-label={t.price} inputMode="decimal" required pattern="[0-9]+([.,][0-9]{1,2})?" />
          <button type="submit" className="button" disabled={add.isPending}>
            {t.addLine}
          </button>
        </form>
      )}
      <ErrorAlert error={add.error} />
    </section>
  );
}

function Payments({ repair, closed }: { repair: Repair; closed: boolean }) {
  const t = ru.desk;
  const pay = useChange<{ amount: number; method: string }>(repair, 'payments');
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    pay.mutate({ amount: Number(String(f.get('amount')).replace(',', '.')), method: String(f.get('method')) });
  };
  return (
    <section className="card" aria-labelledby="repair-payments">
      <h2 id="repair-payments">{t.payments}</h2>
      <ul>
        {repair.payments.map((p) => (
          <li key={p.id}>
            {formatDateTime(p.at)} — {formatMoney(p.amount)} ({t.methods[p.method] ?? p.method})
          </li>
        ))}
      </ul>
      <p>
        {t.paid}: {formatMoney(repair.paid)} · {t.balance}: <strong data-testid="repair-balance">{formatMoney(repair.balance)}</strong>
      </p>
      {!closed && (
        <form onSubmit={onSubmit} className="form form--inline" data-testid="repair-pay">
          <input name="amount" aria-label={t.amount} inputMode="decimal" required defaultValue={repair.balance > 0 ? String(repair.balance) : ''} />
          <select name="method" aria-label={t.takePayment}>
            {Object.entries(t.methods).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
          <button type="submit" className="button" disabled={pay.isPending}>
            {t.takePayment}
          </button>
        </form>
      )}
      <ErrorAlert error={pay.error} />
    </section>
  );
}
