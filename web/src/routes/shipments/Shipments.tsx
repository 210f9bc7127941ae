import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { Order, Shipment } from '../../api/types';
import { Loading } from '../../components/Status';
import { ErrorAlert } from '../../components/ui';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDate, moscowMonth } from '../../lib/format';
import { count } from '../../lib/plural';
import { ru } from '../../i18n/ru';
import { useCentres } from '../acts/actsApi';
import { useUser } from '../SessionLayout';
import { CompensationStatement } from '../home/CompensationStatement';
import { downloadCompensation, shipmentName, ShipmentStatusBadge, TrackingNumber } from './shipmentsApi';

/** `/shipments`: staff see awaiting orders, urgent shipment, the report and every shipment; a centre its own shipments. */
export default function Shipments() {
  const user = useUser();
  const staff = user.role !== 'service_center';
  const title = staff ? ru.shipments.title : ru.shipments.centreTitle;
  usePageTitle(title);
  const centres = useCentres(staff);
  const centreName = (id: string) => (centres.data ?? []).find((c) => c.id === id)?.name ?? id;
  return (
    <div className="page" data-testid="shipments-page">
      <div className="page-head">
        <h1>{title}</h1>
      </div>
      {staff && <AwaitingOrders centreName={centreName} canShipPreSale={user.role === 'manager' || user.role === 'admin'} />}
      <ShipmentList staff={staff} centreName={centreName} />
      {staff && <CompensationReport />}
      {staff && <CompensationStatement staff />}
    </div>
  );
}

function AwaitingOrders({ centreName, canShipPreSale }: { centreName: (id: string) => string; canShipPreSale: boolean }) {
  const orders = useQuery({
    queryKey: ['orders', 'awaiting_shipment'],
    queryFn: () => call(api.GET('/api/orders', { params: { query: { status: 'awaiting_shipment', limit: 200 } } })),
  });
  const byCentre = new Map<string, Order[]>();
  for (const o of orders.data?.items ?? []) byCentre.set(o.serviceCenterId, [...(byCentre.get(o.serviceCenterId) ?? []), o]);
  return (
    <section className="card" aria-labelledby="awaiting-title" data-testid="awaiting-orders">
      <h2 id="awaiting-title">{ru.shipments.awaiting}</h2>
      <p className="hint">{ru.shipments.awaitingHint}</p>
      {orders.isPending && <Loading />}
      <ErrorAlert error={orders.error} />
      {orders.isSuccess && byCentre.size === 0 && <p>{ru.shipments.noAwaiting}</p>}
      {canShipPreSale && orders.isSuccess && <PreSaleNow waiting={orders.data.items.filter((o) => o.preSale).length} />}
      {[...byCentre.entries()].map(([centre, list]) => (
        <CentreOrders key={centre} centre={centre} name={centreName(centre)} orders={list} />
      ))}
    </section>
  );
}

/**
 * «Отправить сейчас»: the pre-sale orders leave ahead of the weekly batch. Shown
 * while one waits, and afterwards with what was made, so the manager sees the
 * shipments the press created even though the waiting list is then empty.
 */
export function PreSaleNow({ waiting }: { waiting: number }) {
  const qc = useQueryClient();
  const [made, setMade] = useState<Shipment[] | null>(null);
  const send = useMutation({
    mutationFn: () => call(api.POST('/api/shipments/pre-sale')),
    onSuccess: (list) => {
      setMade(list.items);
      void qc.invalidateQueries({ queryKey: ['orders'] });
      void qc.invalidateQueries({ queryKey: ['shipments'] });
    },
  });
  if (waiting === 0 && made === null) return null;
  return (
    <div className="presale-now" data-testid="presale-now">
      <h3>{ru.shipments.preSaleTitle}</h3>
      {waiting > 0 && (
        <>
          <p className="hint">{ru.shipments.preSaleHint(count(waiting, ru.shipments.orderForms))}</p>
          <button type="button" className="button button--primary" onClick={() => send.mutate()} disabled={send.isPending}>
            {send.isPending ? ru.shipments.preSaleSending : ru.shipments.preSaleNow}
          </button>
        </>
      )}
      <ErrorAlert error={send.error} prefix={ru.shipments.preSaleFailed} />
      {made && (
        <div role="status">
          {made.length === 0 ? (
            <p>{ru.shipments.preSaleNone}</p>
          ) : (
            <>
              <p>{ru.shipments.preSaleDone(count(made.length, ru.shipments.shipmentForms))}</p>
              <ul className="plain-list">
                {made.map((s) => (
                  <li key={s.id}>
                    <Link to={`/shipments/${encodeURIComponent(s.id)}`}>{shipmentName(s)}</Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}

function CentreOrders({ centre, name, orders }: { centre: string; name: string; orders: Order[] }) {
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const navigate = useNavigate();
  const qc = useQueryClient();
  const urgent = useMutation({
    mutationFn: (orderIds: string[]) => call(api.POST('/api/shipments', { body: { orderIds } })),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['orders'] });
      void qc.invalidateQueries({ queryKey: ['shipments'] });
      navigate(`/shipments/${encodeURIComponent(s.id)}`);
    },
  });
  const toggle = (id: string, on: boolean) =>
    setChosen((c) => {
      const n = new Set(c);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen.size) urgent.mutate([...chosen]);
  };
  return (
    <form className="centre-orders" onSubmit={onSubmit} data-testid="centre-orders" data-centre={centre}>
      <fieldset>
        <legend>{name}</legend>
        <ul className="plain-list">
          {orders.map((o) => (
            <li key={o.id}>
              <label className="check">
                <input type="checkbox" checked={chosen.has(o.id)} onChange={(e) => toggle(o.id, e.target.checked)} />
                {ru.shipments.orderLabel(o.actNumber, o.lines.length, formatDate(o.createdAt))}
                {o.preSale && <span className="badge badge--presale">{ru.queue.preSale}</span>}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <p className="hint" aria-live="polite">
        {ru.shipments.selected(chosen.size)}
      </p>
      <button type="submit" className="button button--primary" disabled={chosen.size === 0 || urgent.isPending}>
        {urgent.isPending ? ru.shipments.urgentCreating : ru.shipments.urgent}
      </button>
      <ErrorAlert error={urgent.error} prefix={ru.shipments.urgentFailed} />
    </form>
  );
}

function ShipmentList({ staff, centreName }: { staff: boolean; centreName: (id: string) => string }) {
  const list = useInfiniteQuery({
    queryKey: ['shipments'],
    queryFn: ({ pageParam }) => call(api.GET('/api/shipments', { params: { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.next || undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card" aria-labelledby="shipments-title">
      <h2 id="shipments-title">{ru.shipments.list}</h2>
      {list.isPending && <Loading />}
      <ErrorAlert error={list.error} />
      {list.isSuccess && items.length === 0 && <p>{ru.shipments.noShipments}</p>}
      {items.length > 0 && (
        <ScrollTable label={ru.shipments.list}>
          <table className="table table--cards" data-testid="shipments-list">
            <ColumnHeads
              columns={[
                ru.shipments.colShipment,
                ru.shipments.colStatus,
                staff && ru.shipments.colCentre,
                ru.shipments.colOrders,
                ru.shipments.colCarrier,
                ru.shipments.colTracking,
              ]}
            />
            <tbody>
              {items.map((s) => (
                <tr key={s.id} data-shipment={s.id}>
                  <td data-label={ru.shipments.colShipment}>
                    <Link to={`/shipments/${encodeURIComponent(s.id)}`} aria-label={ru.shipments.open(shipmentName(s))}>
                      {shipmentName(s)}
                    </Link>
                  </td>
                  <td data-label={ru.shipments.colStatus}>
                    <ShipmentStatusBadge status={s.status} />
                    {s.preSale && <span className="badge badge--presale">{ru.queue.preSale}</span>}
                  </td>
                  {staff && <td data-label={ru.shipments.colCentre}>{centreName(s.serviceCenterId)}</td>}
                  <td data-label={ru.shipments.colOrders}>{s.orderCount}</td>
                  <td data-label={ru.shipments.colCarrier} data-fact="carrier">
                    {s.carrier ?? ''}
                  </td>
                  <td data-label={ru.shipments.colTracking} data-fact="tracking">
                    <TrackingNumber number={s.trackingNumber} url={s.trackingUrl} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {list.hasNextPage && (
        <button type="button" className="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {ru.shipments.more}
        </button>
      )}
    </section>
  );
}

function CompensationReport() {
  const [month, setMonth] = useState(moscowMonth());
  const report = useMutation({ mutationFn: (m: string) => downloadCompensation(m) });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (/^\d{4}-\d{2}$/.test(month)) report.mutate(month);
  };
  return (
    <section className="card" aria-labelledby="report-title">
      <h2 id="report-title">{ru.shipments.report}</h2>
      <form onSubmit={onSubmit} className="inline-form">
        <div className="field">
          <label htmlFor="report-month">{ru.shipments.month}</label>
          <input id="report-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} required aria-describedby="report-month-hint" />
          <p id="report-month-hint" className="hint">
            {ru.shipments.reportHint}
          </p>
        </div>
        <button type="submit" className="button" disabled={report.isPending}>
          {report.isPending ? ru.shipments.downloading : ru.shipments.download}
        </button>
      </form>
      <ErrorAlert error={report.error} prefix={ru.shipments.reportFailed} />
    </section>
  );
}
