// A service centre's monthly compensation statement as PDF (issue 15).
import { useState } from 'react';
import { api } from '../../api/client';
import { DocumentActions, pdfOf } from '../../components/Documents';
import { ru } from '../../i18n/ru';

function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function CompensationStatement() {
  const t = ru.documents;
  const [month, setMonth] = useState(lastMonth());
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  return (
    <div className="page" data-testid="compensation-statement">
      <div className="field">
        <label htmlFor="statement-month">
          {t.statementTitle}: {t.month}
        </label>
        <input id="statement-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} required aria-describedby="statement-hint" />
        <p id="statement-hint" className="hint">
          {t.statementHint}
        </p>
      </div>
      {valid && (
        <DocumentActions
          docs={[
            {
              key: 'statement',
              label: t.statement,
              fileName: `compensation-${month}.pdf`,
              fetch: () => pdfOf(api.GET('/api/compensation/statement.pdf', { params: { query: { month } }, parseAs: 'blob' })),
            },
          ]}
        />
      )}
    </div>
  );
}
