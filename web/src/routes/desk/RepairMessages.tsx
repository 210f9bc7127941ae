import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { Repair } from '../../api/types';
import { ErrorAlert } from '../../components/ui';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { formatDateTime } from '../../lib/format';
import { ru } from '../../i18n/ru';
import { repairKey } from './deskApi';

/** The order's status link and every SMS and e-mail its customer was sent, with the result. */
export function RepairMessages({ repair }: { repair: Repair }) {
  const t = ru.deskmsg;
  // Under the order's key: a change of the order reloads its messages too.
  const msgs = useQuery({
    queryKey: [...repairKey(repair.id), 'messages'],
    queryFn: () => call(api.GET('/api/desk/repairs/{id}/messages', { params: { path: { id: repair.id } } })),
  });
  const link = repair.statusToken ? `${window.location.origin}/s/${repair.statusToken}` : '';
  return (
    <section className="card" aria-labelledby="repair-messages" data-testid="repair-messages">
      <h2 id="repair-messages">{t.messages}</h2>
      {link && (
        <p>
          {t.statusLink}:{' '}
          <a href={link} data-testid="repair-status-link" className="break">
            {link}
          </a>
          <br />
          <small>{t.copyHint}</small>
        </p>
      )}
      <ErrorAlert error={msgs.error} />
      {msgs.data && msgs.data.items.length === 0 && <p>{t.noMessages}</p>}
      {msgs.data && msgs.data.items.length > 0 && (
        <ScrollTable label={t.messages}>
          <table className="table">
            <ColumnHeads columns={[t.when, t.to, t.text, t.result]} />
            <tbody>
              {msgs.data.items.map((m) => (
                <tr key={m.key} data-testid="repair-message" data-channel={m.channel} data-state={m.state}>
                  <td>
                    <time dateTime={m.queuedAt}>{formatDateTime(m.queuedAt)}</time>
                  </td>
                  <td>
                    {t.channel[m.channel] ?? m.channel}
                    {m.to ? `: ${m.to}` : ''}
                  </td>
                  <td className="pre">{m.subject ? `${m.subject}\n\n${m.text}` : m.text}</td>
                  <td>{m.result}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <p>
        <Link to="/desk/messages">{t.templatesNav}</Link>
      </p>
    </section>
  );
}
