import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import type { Shipment } from '../../api/types';
import { Loading } from '../../components/Status';
import { ErrorAlert, Notice } from '../../components/ui';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDateTime, formatMoney } from '../../lib/format';
import { ru } from '../../i18n/ru';
import { useCentres } from '../acts/actsApi';
import { CarrierClaimForm } from '../ledger/CarrierClaimForm';
import { useUser } from '../SessionLayout';
import { shipmentKey, shipmentName, ShipmentStatusBadge, TrackingNumber } from './shipmentsApi';

/** `/shipments/:id`: facts, packing list, dispatch (staff) and delivery. */
export default function ShipmentPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const staff = user.role !== 'service_center';
  const centres = useCentres(staff);
  const q = useQuery({
    queryKey: shipmentKey(id),
    queryFn: () => call(api.GET('/api/shipments/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (query.state.data?.settling ? 3000 : false),
  });
  usePageTitle(ru.shipments.pageTitle(q.data ? shipmentName(q.data) : ''));
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const s = q.data;
  const centre = (centres.data ?? []).find((c) => c.id === s.serviceCenterId)?.name ?? user.tenantName ?? s.serviceCenterId;
  const fact = (dt: string, dd: ReactNode, key?: string) =>
    dd ? (
      <div>
        <dt>{dt}</dt>
        <dd data-fact={key}>{dd}</dd>
      </div>
    ) : null;
  return (
    <div className="page" data-testid="shipment-page">
      <p>
        <Link to="/shipments">{ru.shipments.back}</Link>
      </p>
      <div className="page-head">
        <h1>{ru.shipments.pageTitle(shipmentName(s))}</h1>
        <ShipmentStatusBadge status={s.status} />
      </div>
      {s.settling && <Notice>{ru.shipments.settling}</Notice>}
      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title">{ru.shipments.facts}</h2>
        <dl className="facts" data-testid="shipment-facts">
          {fact(ru.shipments.centre, centre)}
          {fact(ru.shipments.kind, ru.shipments.kinds[s.kind] ?? s.kind)}
          {fact(ru.shipments.week, s.week)}
          {fact(ru.shipments.created, formatDateTime(s.createdAt))}
          {fact(ru.shipments.carrier, s.carrier, 'carrier')}
          {fact(ru.shipments.tracking, s.trackingNumber && <TrackingNumber number={s.trackingNumber} url={s.trackingUrl} />, 'tracking')}
          {fact(ru.shipments.dispatchedAt, s.dispatchedAt && formatDateTime(s.dispatchedAt))}
          {fact(ru.shipments.shippingCostFact, s.shippingCost ? formatMoney(s.shippingCost) : null)}
          {fact(ru.shipments.deliveredAt, s.deliveredAt && formatDateTime(s.deliveredAt))}
        </dl>
      </section>
      {staff && s.status === 'collected' && <DispatchForm s={s} />}
      {s.status === 'dispatched' && <DeliverPanel s={s} centre={!staff} />}
      {staff && s.status !== 'collected' && <CarrierClaimForm s={s} />}
      <section className="card" aria-labelledby="packing-title" data-testid="packing-list">
        <h2 id="packing-title">{ru.shipments.packing}</h2>
        {s.items.length === 0 && <p>{ru.shipments.emptyPacking}</p>}
        {s.items.map((it) => (
          <div key={it.orderId} className="packing-item">
            <h3>
              <Link to={`/acts/${encodeURIComponent(it.actId)}`}>{ru.shipments.act(it.actNumber)}</Link>
              <span className="hint">
                {' '}
                · {ru.shipments.payer}: {ru.actions.payers[it.payer] ?? it.payer}
              </span>
            </h3>
            <ScrollTable label={ru.shipments.packing}>
              <table className="table">
                <ColumnHeads columns={[ru.shipments.partName, ru.shipments.scheme, ru.shipments.qty, ru.shipments.price]} />
                <tbody>
                  {it.lines.map((l, i) => (
                    <tr key={i}>
                      <td>{l.name}</td>
                      <td>{l.schemeNumber ?? ''}</td>
                      <td>{l.quantity}</td>
                      <td>{formatMoney(l.price)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          </div>
        ))}
      </section>
    </div>
  );
}

function DispatchForm({ s }: { s: Shipment }) {
  const qc = useQueryClient();
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [cost, setCost] = useState('');
  const [centrePays, setCentrePays] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/shipments/{id}/dispatch', {
          params: { path: { id: s.id } },
          body: {
            carrier: carrier.trim(),
            trackingNumber: tracking.trim(),
            // The carriage's cost becomes a ledger entry of its payer (the wholesaler unless the centre pays).
            ...(cost.trim() ? { shippingCost: Number(cost.replace(',', '.')), ...(centrePays ? { shippingPayer: 'service_center' as const } : {}) } : {}),
          },
        }),
      ),
    onSuccess: (next) => {
      qc.setQueryData(shipmentKey(s.id), next);
      void qc.invalidateQueries({ queryKey: ['shipments'] });
    },
  });
  const server = m.error instanceof ApiProblem ? m.error.fields : {};
  const err = (k: string) => local[k] ?? server[k];
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!carrier.trim()) found.carrier = ru.shipments.carrierRequired;
    if (!tracking.trim()) found.trackingNumber = ru.shipments.trackingRequired;
    setLocal(found);
    if (Object.keys(found).length === 0) m.mutate();
  };
  const field = (k: 'carrier' | 'trackingNumber' | 'shippingCost', text: string, value: string, set: (v: string) => void, max: number) => (
    <div className="field">
      <label htmlFor={`d-${k}`}>{text}</label>
      <input
        id={`d-${k}`}
        value={value}
        maxLength={max}
        onChange={(e) => set(e.target.value)}
        aria-invalid={err(k) ? true : undefined}
        aria-describedby={err(k) ? `d-${k}-e` : undefined}
        autoComplete="off"
      />
      {err(k) && (
        <p id={`d-${k}-e`} className="field-error">
          {err(k)}
        </p>
      )}
    </div>
  );
  return (
    <section className="card" aria-labelledby="dispatch-title">
      <h2 id="dispatch-title">{ru.shipments.dispatch}</h2>
      <form onSubmit={onSubmit} noValidate data-testid="dispatch-form">
        {field('carrier', ru.shipments.carrier, carrier, setCarrier, 100)}
        {field('trackingNumber', ru.shipments.tracking, tracking, setTracking, 64)}
        {field('shippingCost', ru.shipments.shippingCost, cost, setCost, 20)}
        <label>
          <input type="checkbox" checked={centrePays} onChange={(e) => setCentrePays(e.target.checked)} /> {ru.shipments.shippingByCentre}
        </label>
        <button type="submit" className="button button--primary" disabled={m.isPending}>
          {m.isPending ? ru.shipments.dispatching : ru.shipments.dispatchSubmit}
        </button>
      </form>
      <ErrorAlert error={m.error} prefix={ru.shipments.dispatchFailed} />
    </section>
  );
}

function DeliverPanel({ s, centre }: { s: Shipment; centre: boolean }) {
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => call(api.POST('/api/shipments/{id}/deliver', { params: { path: { id: s.id } }, body: {} })),
    onSuccess: (next) => {
      qc.setQueryData(shipmentKey(s.id), next);
      void qc.invalidateQueries({ queryKey: ['shipments'] });
    },
  });
  const label = centre ? ru.shipments.deliverCentre : ru.shipments.deliverManager;
  return (
    <section className="card" aria-labelledby="deliver-title">
      <h2 id="deliver-title">{label}</h2>
      <p className="hint">{ru.shipments.deliverHint}</p>
      <button type="button" className="button button--primary" onClick={() => m.mutate()} disabled={m.isPending}>
        {m.isPending ? ru.shipments.delivering : label}
      </button>
      <ErrorAlert error={m.error} prefix={ru.shipments.deliverFailed} />
    </section>
  );
}
