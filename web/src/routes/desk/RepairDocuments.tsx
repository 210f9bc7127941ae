// A repair order's printed documents (issue 15): the intake receipt and the
// completion certificate, downloaded, printed or e-mailed to the customer.
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { Repair } from '../../api/types';
import { DocumentActions, pdfOf, type DocumentSpec } from '../../components/Documents';
import { ru } from '../../i18n/ru';
import { repairKey } from './deskApi';

export function RepairDocuments({ repair }: { repair: Repair }) {
  const t = ru.documents;
  const qc = useQueryClient();
  const path = { id: repair.id };
  const doc = (document: 'receipt' | 'completion', label: string): DocumentSpec => ({
    key: document,
    label,
    fileName: `${document}-${repair.number}.pdf`,
    fetch: () =>
      pdfOf(
        document === 'receipt'
          ? api.GET('/api/desk/repairs/{id}/receipt.pdf', { params: { path }, parseAs: 'blob' })
          : api.GET('/api/desk/repairs/{id}/completion.pdf', { params: { path }, parseAs: 'blob' }),
      ),
    email: (to) => call(api.POST('/api/desk/repairs/{id}/documents/email', { params: { path }, body: { document, to } })),
  });
  return (
    <DocumentActions
      docs={[doc('receipt', t.receipt), doc('completion', t.completion)]}
      emailHint={t.toCustomerHint}
      // The e-mail is written into the order's history.
      onSent={() => qc.invalidateQueries({ queryKey: repairKey(repair.id) })}
    />
  );
}
