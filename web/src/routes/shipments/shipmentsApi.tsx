// Shipment calls the shipment screens share.
import { api } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import type { Shipment } from '../../api/types';
import { formatDate } from '../../lib/format';
import { saveBlob } from '../../lib/upload';
import { ru } from '../../i18n/ru';

export const shipmentKey = (id: string) => ['shipment', id] as const;

/** «Срочная от 25.11.2026», «Недельная от …» (with the week when there is one). */
export function shipmentName(s: Shipment): string {
  const kind = ru.shipments.kinds[s.kind] ?? s.kind;
  return ru.shipments.name(kind, formatDate(s.createdAt)) + (s.week ? ` (${s.week})` : '');
}

/** A tracking number as a link to the carrier's tracking page when the API knows it (СДЭК, Почта России). */
export function TrackingNumber({ number, url }: { number: string | undefined; url?: string | undefined }) {
  if (!number) return null;
  if (!url) return <>{number}</>;
  return (
    <a href={url} target="_blank" rel="noreferrer noopener" aria-label={ru.shipments.trackOpen(number)}>
      {number}
    </a>
  );
}

export function ShipmentStatusBadge({ status }: { status: string }) {
  return <span className={`badge badge--shipment-${status}`}>{ru.shipments.statuses[status] ?? status}</span>;
}

/** Downloads the month's compensation report as .xlsx. */
export async function downloadCompensation(month: string): Promise<void> {
  const res = await api.GET('/api/reports/compensation', { params: { query: { month } }, parseAs: 'blob' });
  if (!res.response.ok) {
    const body = await res.response.clone().json().catch(() => null);
    throw new ApiProblem({ status: res.response.status, code: 'report', message: body?.error?.message ?? ru.shipments.reportFailed });
  }
  saveBlob(res.data as Blob, `compensation-${month}.xlsx`);
}
