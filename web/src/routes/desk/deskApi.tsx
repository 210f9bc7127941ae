// Front-desk calls and small pieces the desk screens share.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { Repair } from '../../api/types';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { formatMoney } from '../../lib/format';
import { ru } from '../../i18n/ru';

export const repairKey = (id: string) => ['desk', 'repair', id] as const;

/** The centre's chain (names, order, norms). */
export function useDeskSettings() {
  return useQuery({ queryKey: ['desk', 'settings'], queryFn: () => call(api.GET('/api/desk/settings')), staleTime: 60_000 });
}

/** Orders as a table: overdue first as the API sorts them, time in status, balance. */
export function RepairTable({ items, label }: { items: Repair[]; label: string }) {
  const t = ru.desk;
  return (
    <ScrollTable label={label}>
      <table className="table">
        <ColumnHeads columns={[t.number, t.device, t.customer, t.status, t.inStatus, t.balance]} />
        <tbody>
          {items.map((r) => (
            <tr key={r.id} className={r.overdue ? 'row--overdue' : undefined} data-testid="repair-row">
              <td>
                <Link to={`/desk/repairs/${encodeURIComponent(r.id)}`}>{r.number}</Link>
              </td>
              <td>{r.deviceTitle}</td>
              <td>{r.customerName}</td>
              <td>{r.statusName}</td>
              <td>
                {t.duration(r.minutesInStatus)}
                {r.overdue && <strong className="badge badge--overdue"> {t.overdue}</strong>}
              </td>
              <td>{formatMoney(r.balance)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
