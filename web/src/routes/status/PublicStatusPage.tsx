import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import { Loading } from '../../components/Status';
import { ErrorAlert } from '../../components/ui';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDate, formatDateTime } from '../../lib/format';
import { ru } from '../../i18n/ru';

/**
 * `/s/:token`: the customer's page of their order, opened from the receipt or a message on a
 * phone, without an account. It shows only what the API's public status gives: the status and
 * dates, the device and how to reach the centre.
 */
export default function PublicStatusPage() {
  const { token = '' } = useParams();
  const t = ru.deskmsg;
  usePageTitle(t.publicTitle);
  const st = useQuery({
    queryKey: ['public-status', token],
    queryFn: () => call(api.GET('/api/public/status/{token}', { params: { path: { token } } })),
    retry: false,
  });
  return (
    <main className="public-status" id="main">
      <h1>{t.publicTitle}</h1>
      {st.isPending && <Loading />}
      <ErrorAlert error={st.error} />
      {st.data && (
        <>
          <p className="public-status__status" data-testid="public-status">
            {st.data.statusName}
          </p>
          <dl>
            <dt>{t.publicNumber}</dt>
            <dd>{st.data.number}</dd>
            <dt>{t.publicDevice}</dt>
            <dd>{st.data.device}</dd>
            <dt>{t.publicAccepted}</dt>
            <dd>{formatDate(st.data.acceptedAt)}</dd>
            {st.data.expectedDate && st.data.status !== 'handed_over' && (
              <>
                <dt>{t.publicExpected}</dt>
                <dd>{formatDate(st.data.expectedDate)}</dd>
              </>
            )}
            <dt>{st.data.handedOverAt ? t.publicHandedOver : t.publicSince}</dt>
            <dd>{formatDateTime(st.data.handedOverAt ?? st.data.statusSince)}</dd>
          </dl>
          <h2>{st.data.centre.name}</h2>
          {st.data.centre.address && (
            <p>
              {t.publicAddress}: {st.data.centre.address}
            </p>
          )}
          {st.data.centre.hours && (
            <p>
              {t.publicHours}: {st.data.centre.hours}
            </p>
          )}
          {st.data.centre.phone && (
            <p>
              <a className="button" href={`tel:${st.data.centre.phone.replace(/[^+\d]/g, '')}`}>
                {t.publicCall} {st.data.centre.phone}
              </a>
            </p>
          )}
        </>
      )}
    </main>
  );
}
