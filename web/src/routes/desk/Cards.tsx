import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import { Loading } from '../../components/Status';
import { ErrorAlert } from '../../components/ui';
import { usePageTitle } from '../../components/usePageTitle';
import { ru } from '../../i18n/ru';
import { RepairTable } from './deskApi';

/** `/desk/customers/:id`: phones, consent, devices and every order. */
export function CustomerPage() {
  const { id = '' } = useParams();
  const t = ru.desk;
  const card = useQuery({ queryKey: ['desk', 'customer', id], queryFn: () => call(api.GET('/api/desk/customers/{id}', { params: { path: { id } } })) });
  usePageTitle(card.data?.customer.name ?? t.customerCard);
  if (card.isPending) return <Loading />;
  if (card.isError) return <ErrorAlert error={card.error} />;
  const { customer: c, devices, repairs } = card.data;
  return (
    <div className="page" data-testid="customer-page">
      <h1>{c.name}</h1>
      <p>
        {t.phone}: {c.phones.join(', ')}
        {c.email ? ` · ${c.email}` : ''}
      </p>
      <p>
        {c.consentSms ? t.consentSms : ''} {c.consentEmail ? t.consentEmail : ''}
      </p>
      <h2>{t.devices}</h2>
      <ul>
        {devices.map((d) => (
          <li key={d.id}>
            <a href={`/desk/devices/${encodeURIComponent(d.id)}`}>
              {d.category} {d.model} — {d.serial ?? t.noSerial}
            </a>
          </li>
        ))}
      </ul>
      <h2>{t.repairs}</h2>
      <RepairTable items={repairs} label={t.repairs} />
    </div>
  );
}

/** `/desk/devices/:id`: the unit, its owner and its whole repair history. */
export function DevicePage() {
  const { id = '' } = useParams();
  const t = ru.desk;
  const card = useQuery({ queryKey: ['desk', 'device', id], queryFn: () => call(api.GET('/api/desk/devices/{id}', { params: { path: { id } } })) });
  usePageTitle(card.data ? `${card.data.device.category} ${card.data.device.model}` : t.deviceCard);
  if (card.isPending) return <Loading />;
  if (card.isError) return <ErrorAlert error={card.error} />;
  const { device: d, customer, repairs } = card.data;
  return (
    <div className="page" data-testid="device-page">
      <h1>
        {d.category} {d.maker ?? ''} {d.model}
      </h1>
      <p>
        {t.serial}: <span data-testid="device-serial">{d.serial ?? t.noSerial}</span>
      </p>
      <p>
        {t.owner}: <a href={`/desk/customers/${encodeURIComponent(customer.id)}`}>{customer.name}</a>
      </p>
      <h2>{t.repairs}</h2>
      <RepairTable items={repairs} label={t.repairs} />
    </div>
  );
}
