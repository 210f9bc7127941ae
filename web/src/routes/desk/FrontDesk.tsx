import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { Customer, Device, NewRepair } from '../../api/types';
import { Loading } from '../../components/Status';
import { ErrorAlert } from '../../components/ui';
import { usePageTitle } from '../../components/usePageTitle';
import { ru } from '../../i18n/ru';
import { RepairTable } from './deskApi';
import { ExecutorSelect } from './deskopsParts';

/** `/desk`: phone search first, a new order in one screen, the open orders overdue first. */
export default function FrontDesk() {
  const t = ru.desk;
  usePageTitle(t.title);
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [device, setDevice] = useState<Device | null>(null);
  return (
    <div className="page desk" data-testid="front-desk">
      <div className="page-head">
        <h1>{t.title}</h1>
      </div>
      <div className="desk-grid">
        <Search
          onCustomer={(c) => {
            setCustomer(c);
            setDevice(null);
          }}
          onDevice={(d, owner) => {
            setCustomer(owner);
            setDevice(d);
          }}
        />
        <NewOrder customer={customer} device={device} clearCustomer={() => setCustomer(null)} clearDevice={() => setDevice(null)} />
      </div>
      <OpenOrders />
    </div>
  );
}

function useDebounced(value: string, ms: number) {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

function Search({ onCustomer, onDevice }: { onCustomer: (c: Customer) => void; onDevice: (d: Device, owner: Customer) => void }) {
  const t = ru.desk;
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 200);
  const found = useQuery({
    queryKey: ['desk', 'search', q],
    queryFn: ({ signal }) => call(api.GET('/api/desk/search', { params: { query: { q } }, signal })),
    enabled: q.length >= 2,
  });
  const customers = found.data?.customers ?? [];
  const devices = found.data?.devices ?? [];
  return (
    <section className="card" aria-labelledby="desk-search">
      <h2 id="desk-search">{t.searchLabel}</h2>
      <input
        type="search"
        autoFocus
        aria-label={t.searchLabel}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="7341234"
        data-testid="desk-search"
      />
      <p className="hint">{t.searchHint}</p>
      {found.isFetching && <Loading />}
      <ErrorAlert error={found.error} />
      {found.isSuccess && customers.length === 0 && devices.length === 0 && <p>{t.nothingFound}</p>}
      {customers.length > 0 && (
        <ul className="desk-results" aria-label={t.customers}>
          {customers.map((c) => (
            <li key={c.id}>
              <button type="button" className="link-button" onClick={() => onCustomer(c)} data-testid="desk-customer">
                {c.name} — {c.phones.join(', ')}
              </button>{' '}
              <Link to={`/desk/customers/${encodeURIComponent(c.id)}`}>{t.customerCard}</Link>
            </li>
          ))}
        </ul>
      )}
      {devices.length > 0 && (
        <ul className="desk-results" aria-label={t.devices}>
          {devices.map((d) => (
            <li key={d.id}>
              <button
                type="button"
                className="link-button"
                data-testid="desk-device"
                onClick={() =>
                  onDevice(d, {
                    id: d.customerId,
                    name: d.customerName,
                    phones: d.customerPhones,
                  } as Customer)
                }
              >
                {d.serial} — {d.category} {d.model} ({d.customerName})
              </button>{' '}
              <Link to={`/desk/devices/${encodeURIComponent(d.id)}`}>{t.deviceCard}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NewOrder(props: { customer: Customer | null; device: Device | null; clearCustomer: () => void; clearDevice: () => void }) {
  const t = ru.desk;
  const navigate = useNavigate();
  const take = useMutation({
    mutationFn: (body: NewRepair) => call(api.POST('/api/desk/repairs', { body })),
    onSuccess: (r) => navigate(`/desk/repairs/${encodeURIComponent(r.id)}`),
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '').trim();
    const body: NewRepair = { complaint: s('complaint'), urgent: f.get('urgent') === 'on' };
    if (s('appearance')) body.appearance = s('appearance');
    if (s('completeness')) body.completeness = s('completeness');
    if (s('estimatedCost')) body.estimatedCost = Number(s('estimatedCost').replace(',', '.'));
    if (s('expectedDate')) body.expectedDate = s('expectedDate');
    if (s('executorId')) body.executorId = s('executorId');
    if (props.customer) body.customerId = props.customer.id;
    else
      body.customer = {
        name: s('name'),
        phones: [s('phone')],
        ...(s('email') ? { email: s('email') } : {}),
        consentSms: f.get('consentSms') === 'on',
        consentEmail: f.get('consentEmail') === 'on',
      };
    if (props.device) body.deviceId = props.device.id;
    else
      body.device = {
        category: s('category'),
        model: s('model'),
        ...(s('maker') ? { maker: s('maker') } : {}),
        ...(s('serial') ? { serial: s('serial') } : {}),
      };
    take.mutate(body);
  };
  return (
    <section className="card" aria-labelledby="desk-new">
      <h2 id="desk-new">{t.newOrder}</h2>
      <form onSubmit={onSubmit} className="form desk-form" data-testid="desk-new-order">
        <fieldset>
          <legend>{t.customer}</legend>
          {props.customer ? (
            <p>
              {t.chosenCustomer(props.customer.name)}{' '}
              <button type="button" className="link-button" onClick={props.clearCustomer}>
                {t.otherCustomer}
              </button>
            </p>
          ) : (
            <>
              <label>
                {t.name} <input name="name" required maxLength={200} />
              </label>
              <label>
                {t.phone} <input name="phone" type="tel" required maxLength={40} />
              </label>
              <label>
                {t.email} <input name="email" type="email" maxLength={254} />
              </label>
              <label className="check">
                <input name="consentSms" type="checkbox" defaultChecked /> {t.consentSms}
              </label>
              <label className="check">
                <input name="consentEmail" type="checkbox" /> {t.consentEmail}
              </label>
            </>
          )}
        </fieldset>
        <fieldset>
          <legend>{t.device}</legend>
          {props.device ? (
            <p>
              {t.chosenDevice(`${props.device.category} ${props.device.model} ${props.device.serial ?? ''}`)}{' '}
              <button type="button" className="link-button" onClick={props.clearDevice}>
                {t.otherDevice}
              </button>
            </p>
          ) : (
            <>
              <label>
                {t.category} <input name="category" required maxLength={200} />
              </label>
              <label>
                {t.maker} <input name="maker" maxLength={200} />
              </label>
              <label>
                {t.model} <input name="model" required maxLength={200} />
              </label>
              <label>
                {t.serial} <input name="serial" maxLength={60} />
              </label>
            </>
          )}
        </fieldset>
        <label>
          {t.complaint} <textarea name="complaint" required maxLength={1000} rows={2} />
        </label>
        <label>
          {t.appearance} <input name="appearance" maxLength={2000} />
        </label>
        <label>
          {t.completeness} <input name="completeness" maxLength={2000} />
        </label>
        <label>
          {t.estimatedCost} <input name="estimatedCost" inputMode="decimal" pattern="[0-9]+([.,][0-9]{1,2})?" />
        </label>
        <label>
          {t.expectedDate} <input name="expectedDate" type="date" />
        </label>
        <label className="check">
          <input name="urgent" type="checkbox" /> {t.urgent}
        </label>
        <ExecutorSelect />
        <ErrorAlert error={take.error} />
        <button type="submit" className="button button--primary" disabled={take.isPending}>
          {take.isPending ? t.taking : t.take}
        </button>
      </form>
    </section>
  );
}

function OpenOrders() {
  const t = ru.desk;
  const [overdue, setOverdue] = useState(false);
  const list = useQuery({
    queryKey: ['desk', 'repairs', overdue],
    queryFn: () => call(api.GET('/api/desk/repairs', { params: { query: overdue ? { overdue: 'true', limit: 200 } : { limit: 200 } } })),
  });
  return (
    <section className="card" aria-labelledby="desk-open">
      <h2 id="desk-open">{t.open}</h2>
      <label className="check">
        <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} /> {t.overdueOnly}
      </label>
      {list.isPending && <Loading />}
      <ErrorAlert error={list.error} />
      {list.isSuccess && list.data.items.length === 0 && <p>{t.noOrders}</p>}
      {list.isSuccess && list.data.items.length > 0 && <RepairTable items={list.data.items} label={t.open} />}
    </section>
  );
}
