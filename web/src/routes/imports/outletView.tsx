import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { DirectoryView, Outlet, OutletColumn, OutletSort } from '../../api/types';
import { ErrorAlert } from '../../components/ui';
import { formatDate, formatDateTime } from '../../lib/format';
import { ru } from '../../i18n/ru';

/** Every outlet column in the template's order: its header and how a cell shows it. */
export const outletColumns: Array<[OutletColumn, string, (o: Outlet) => string]> = [
  ['code', 'Код ГО', (o) => o.code],
  ['name', 'Название', (o) => o.name],
  ['legalName', 'Юридическое название', (o) => o.legalName ?? ''],
  ['inn', 'ИНН', (o) => o.inn ?? ''],
  ['address', 'Адрес', (o) => o.address],
  ['city', 'Город', (o) => o.city],
  ['region', 'Регион', (o) => o.region ?? ''],
  ['latitude', 'Широта', (o) => (o.latitude ?? '').toString()],
  ['longitude', 'Долгота', (o) => (o.longitude ?? '').toString()],
  ['subtype', 'Подтип', (o) => ru.directory.subtypes[o.subtype] ?? o.subtype],
  ['channel', 'Канал', (o) => o.channel ?? ''],
  ['status', 'Статус', (o) => ru.directory.statuses[o.status] ?? o.status],
  ['rdcCode', 'Код РЦ', (o) => o.rdcCode ?? ''],
  ['rdcShare', 'Доля РЦ', (o) => (o.rdcShare ?? '').toString()],
  ['localCode', 'Локальный код', (o) => o.localCode ?? ''],
  ['changedAt', 'Изменено', (o) => formatDateTime(o.changedAt)],
  ['loadSeq', '№ загрузки', (o) => String(o.loadSeq)],
  // An RDC's record under its loader columns; blank for other outlets.
  ['rdcExternalCode', 'Внешний код РЦ', (o) => o.rdc?.externalCode ?? ''],
  ['rdcName', 'Название РЦ', (o) => o.rdc?.name ?? ''],
  ['rdcActivity', 'Тип деятельности', (o) => o.rdc?.activityType ?? ''],
  ['rdcMethod', 'Метод распределения', (o) => (o.rdc ? ru.directory.rdcMethods[o.rdc.distributionMethod] ?? o.rdc.distributionMethod : '')],
  ['rdcToSelf', 'Распределять продажи на точку – РЦ', (o) => (o.rdc ? (o.rdc.distributeToRdc ? ru.directory.yes : ru.directory.no) : '')],
  ['rdcStart', 'Дата начала РЦ', (o) => (o.rdc ? formatDate(o.rdc.startDate) : '')],
  ['rdcEnd', 'Дата окончания РЦ', (o) => (o.rdc ? formatDate(o.rdc.endDate) : '')],
  ['rdcStatus', 'Статус РЦ', (o) => (o.rdc ? ru.directory.rdcStatuses[o.rdc.status] ?? o.rdc.status : '')],
];

export const defaultColumns: OutletColumn[] = ['code', 'name', 'city', 'address', 'subtype', 'status', 'localCode', 'changedAt', 'loadSeq'];

/** The outlet table of a view: the chosen columns in order, headers sort on click. */
export function OutletTable({
  outlets,
  columns,
  sort,
  onSort,
}: {
  outlets: Outlet[];
  columns: OutletColumn[];
  sort: string;
  onSort: (sort: string) => void;
}) {
  const shown = columns.map((c) => outletColumns.find(([id]) => id === c)!).filter(Boolean);
  return (
    <table className="table" data-testid="outlets">
      <thead>
        <tr>
          {shown.map(([id, label]) => {
            const dir = sort === id ? 'ascending' : sort === `-${id}` ? 'descending' : 'none';
            return (
              <th scope="col" key={id} aria-sort={dir} data-column={id}>
                <button type="button" className="link" onClick={() => onSort(sort === id ? `-${id}` : id)}>
                  {label}
                  {dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ''}
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {outlets.map((o) => (
          <tr key={o.code}>
            {shown.map(([id, , cell]) => (
              <td key={id}>{cell(o)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Column choice: which columns the view shows, in the template's order. */
export function ColumnChooser({ columns, onChange }: { columns: OutletColumn[]; onChange: (c: OutletColumn[]) => void }) {
  return (
    <details className="card columns" data-testid="column-chooser">
      <summary>{ru.directory.chooseColumns}</summary>
      {outletColumns.map(([id, label]) => (
        <label key={id} className="check">
          <input
            type="checkbox"
            name={`col-${id}`}
            checked={columns.includes(id)}
            disabled={columns.length === 1 && columns.includes(id)}
            onChange={(e) =>
              onChange(outletColumns.map(([c]) => c).filter((c) => (c === id ? e.target.checked : columns.includes(c))))
            }
          />{' '}
          {label}
        </label>
      ))}
    </details>
  );
}

export type ViewState = { filters: Record<string, string>; columns: OutletColumn[]; sort: string };

/** Saved views: pick one to apply it, save the current one under a name, delete one. */
export function SavedViews({ current, onApply }: { current: ViewState; onApply: (v: ViewState) => void }) {
  const client = useQueryClient();
  const views = useQuery({ queryKey: ['views'], queryFn: async () => (await call(api.GET('/api/views'))).items });
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<unknown>(null);
  const apply = (id: string) => {
    setChosen(id);
    const v = views.data?.find((x: DirectoryView) => x.id === id);
    if (v) onApply({ filters: v.filters, columns: v.columns, sort: v.sort });
  };
  const save = async () => {
    setError(null);
    try {
      const { filters, columns, sort } = current;
      const body = { name, filters, columns, ...(sort ? { sort: sort as OutletSort } : {}) };
      const v = await call(api.POST('/api/views', { body }));
      await client.invalidateQueries({ queryKey: ['views'] });
      setChosen(v.id);
      setName('');
    } catch (e) {
      setError(e);
    }
  };
  const remove = async () => {
    setError(null);
    try {
      await call(api.DELETE('/api/views/{id}', { params: { path: { id: chosen } } }));
      setChosen('');
      await client.invalidateQueries({ queryKey: ['views'] });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="card views" data-testid="saved-views">
      <div className="field">
        <label htmlFor="v-pick">{ru.directory.view}</label>
        <select id="v-pick" value={chosen} onChange={(e) => apply(e.target.value)}>
          <option value="">—</option>
          {(views.data ?? []).map((v: DirectoryView) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
        {chosen && (
          <button type="button" className="button" onClick={() => void remove()}>
            {ru.directory.deleteView}
          </button>
        )}
      </div>
      <div className="field">
        <label htmlFor="v-name">{ru.directory.viewName}</label>
        <input id="v-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
        <button type="button" className="button" disabled={!name.trim()} onClick={() => void save()}>
          {ru.directory.saveView}
        </button>
      </div>
      <ErrorAlert error={error} />
    </div>
  );
}
