import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import type { Shipment } from '../../api/types';
import { ErrorAlert, Notice } from '../../components/ui';
import { formatMoney } from '../../lib/format';
import { ru } from '../../i18n/ru';

const t = ru.ledger;

/**
 * On a shipment that left (staff): a parcel lost or damaged in transit is
 * claimed from its carrier — its value becomes an entry payable by the
 * carrier on the recovery screen. Once per shipment (the API answers 409
 * for a second).
 */
export function CarrierClaimForm({ s }: { s: Shipment }) {
  const id = useId();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const m = useMutation({
    mutationFn: () =>
      call(api.POST('/api/shipments/{id}/carrier-claim', { params: { path: { id: s.id } }, body: { amount: Number(amount.replace(',', '.')), reason } })),
  });
  const fields = m.error instanceof ApiProblem ? m.error.fields : {};
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="carrier-claim">
      <h2 id={`${id}-title`}>{t.carrierClaim}</h2>
      <p className="hint">{t.carrierClaimHint(s.carrier ?? '')}</p>
      {m.isSuccess ? (
        <Notice kind="success">
          {t.carrierClaimed(formatMoney(m.data.amount))} <Link to="/ledger">{t.nav}</Link>
        </Notice>
      ) : (
        <form
          className="ledger-step"
          onSubmit={(e) => {
            e.preventDefault();
            m.mutate();
          }}
          noValidate
        >
          <div className="field">
            <label htmlFor={`${id}-amount`}>{t.carrierAmount}</label>
            <input id={`${id}-amount`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
            {fields.amount && <p className="field-error">{fields.amount}</p>}
          </div>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t.carrierReason}</label>
            <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
            {fields.reason && <p className="field-error">{fields.reason}</p>}
          </div>
          <button type="submit" className="button" disabled={m.isPending}>
            {t.carrierSubmit}
          </button>
        </form>
      )}
      <ErrorAlert error={m.error} prefix={t.stepFailed} />
    </section>
  );
}
