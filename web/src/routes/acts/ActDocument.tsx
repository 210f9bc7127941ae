// The warranty act as a printed document (issue 15): download, print, e-mail.
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { ActDetail } from '../../api/types';
import { DocumentActions, pdfOf } from '../../components/Documents';
import { ru } from '../../i18n/ru';
import { actKey } from './actsApi';

export function ActDocument({ act }: { act: ActDetail }) {
  const t = ru.documents;
  const qc = useQueryClient();
  const path = { id: act.id };
  return (
    <DocumentActions
      docs={[
        {
          key: 'act',
          label: t.act,
          fileName: `act-${act.number || act.id}.pdf`,
          fetch: () => pdfOf(api.GET('/api/acts/{id}/document.pdf', { params: { path }, parseAs: 'blob' })),
          email: (to) => call(api.POST('/api/acts/{id}/document/email', { params: { path }, body: { to } })),
        },
      ]}
      emailHint={t.toCentreHint}
      // The e-mail is written into the act's history.
      onSent={() => qc.invalidateQueries({ queryKey: actKey(act.id) })}
    />
  );
}
