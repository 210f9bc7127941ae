import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { PriceList, PriceWork } from '../../api/types';
import { Loading } from '../../components/Status';
import { ErrorAlert, Notice } from '../../components/ui';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { usePageTitle } from '../../components/usePageTitle';
import { formatMoney } from '../../lib/format';
import { ru } from '../../i18n/ru';
import { useUser } from '../SessionLayout';
import { centreRoleOf, priceListKey, usePriceList } from './deskopsApi';

/** `/desk/price-list`: the centre's works; its admin edits them, everyone else reads. */
export default function PriceListPage() {
  const t = ru.deskops;
  usePageTitle(t.priceList);
  const list = usePriceList();
  const admin = centreRoleOf(useUser()) === 'centre_admin';
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  return (
    <div className="page" data-testid="price-list-page">
      <div className="page-head">
        <h1>{t.priceList}</h1>
        <p className="hint">{admin ? t.priceListHint : t.priceListReadOnly}</p>
      </div>
      {admin ? <Editor list={list.data} /> : <ReadOnly works={list.data.works} />}
    </div>
  );
}

function WorkHead({ editing = false }: { editing?: boolean }) {
  const t = ru.deskops;
  return <ColumnHeads columns={[t.code, t.workName, t.price, editing && <span className="visually-hidden">{t.removeWork}</span>]} />;
}

function ReadOnly({ works }: { works: PriceWork[] }) {
  const t = ru.deskops;
  if (works.length === 0) return <p>{t.noWorks}</p>;
  return (
    <ScrollTable label={t.priceList}>
      <table className="table">
        <WorkHead />
        <tbody>
          {works.map((w) => (
            <tr key={w.id} data-testid="price-work">
              <td>{w.code}</td>
              <td>{w.name}</td>
              <td>{formatMoney(w.price)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** A row as typed: the price stays text until it is saved. */
interface Row {
  key: string;
  id?: string;
  code: string;
  name: string;
  price: string;
}

let rowSeq = 0;
const toRow = (w: PriceWork): Row => ({ key: w.id ?? `n${rowSeq++}`, id: w.id, code: w.code ?? '', name: w.name, price: String(w.price) });

function Editor({ list }: { list: PriceList }) {
  const t = ru.deskops;
  const qc = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => list.works.map(toRow));
  const save = useMutation({
    mutationFn: (body: PriceList) => call(api.PUT('/api/desk/price-list', { body })),
    onSuccess: (saved) => {
      qc.setQueryData(priceListKey, saved);
      setRows(saved.works.map(toRow));
    },
  });
  const set = (key: string, field: 'code' | 'name' | 'price', value: string) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, [field]: value } : r)));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const works: PriceWork[] = rows.map((r) => ({
      ...(r.id ? { id: r.id } : {}),
      ...(r.code.trim() ? { code: r.code.trim() } : {}),
      name: r.name,
      price: Number(r.price.replace(',', '.')),
    }));
    save.mutate({ works, version: list.version ?? 0 });
  };
  return (
    <form onSubmit={onSubmit} className="form" data-testid="price-list-editor">
      <ScrollTable label={t.priceList}>
        <table className="table">
          <WorkHead editing />
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.key} data-testid="price-work">
                <td>
                  <input aria-label={`${t.code} ${i + 1}`} value={r.code} maxLength={20} size={6} onChange={(e) => set(r.key, 'code', e.target.value)} />
                </td>
                <td>
                  <input aria-label={`${t.workName} ${i + 1}`} value={r.name} required maxLength={200} onChange={(e) => set(r.key, 'name', e.target.value)} />
                </td>
                <td>
                  <input
                    aria-label={`${t.price} ${i + 1}`}
                    value={r.price}
                    required
                    inputMode="decimal"
                    pattern="[0-9]+([.,][0-9]{1,2})?"
                    size={8}
                    onChange={(e) => set(r.key, 'price', e.target.value)}
                  />
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                    {t.removeWork}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <p>
        <button type="button" className="button" onClick={() => setRows((rs) => [...rs, { key: `n${rowSeq++}`, code: '', name: '', price: '' }])}>
          {t.addWork}
        </button>{' '}
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t.saving : t.save}
        </button>
      </p>
      {save.isSuccess && <Notice kind="success">{t.saved}</Notice>}
      <ErrorAlert error={save.error} />
    </form>
  );
}
