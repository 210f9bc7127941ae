// A service centre's monthly compensation statement as PDF (issue 15): a
// centre reads its own; the wholesaler's staff choose the centre.
import { useState } from 'react';
import { api } from '../../api/client';
import { DocumentActions, pdfOf } from '../../components/Documents';
import { ChoiceField } from '../../components/fields';
import { moscowMonth } from '../../lib/format';
import { ru } from '../../i18n/ru';
import { useCentres } from '../acts/actsApi';

export function CompensationStatement({ staff = false }: { staff?: boolean }) {
  const t = ru.documents;
  const [month, setMonth] = useState(moscowMonth(new Date(), 1));
  const [centre, setCentre] = useState('');
  const centres = useCentres(staff);
  const ready = /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && (!staff || centre !== '');
  const query = staff ? { month, serviceCenterId: centre } : { month };
  return (
    <div className={staff ? 'card' : 'page'} data-testid="compensation-statement">
      <div className="field">
        <label htmlFor="statement-month">
          {t.statementTitle}: {t.month}
        </label>
        <input id="statement-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} required aria-describedby="statement-hint" />
        <p id="statement-hint" className="hint">
          {t.statementHint}
        </p>
      </div>
      {staff && (
        <ChoiceField
          id="statement-centre"
          label={t.centre}
          value={centre}
          onChange={(e) => setCentre(e.target.value)}
          none={t.chooseCentre}
          options={(centres.data ?? []).map((c) => [c.id, c.name])}
          required
        />
      )}
      {ready && (
        <DocumentActions
          docs={[
            {
              key: 'statement',
              label: t.statement,
              fileName: `compensation-${month}.pdf`,
              fetch: () => pdfOf(api.GET('/api/compensation/statement.pdf', { params: { query }, parseAs: 'blob' })),
            },
          ]}
        />
      )}
    </div>
  );
}
