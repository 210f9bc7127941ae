import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import type { LedgerEntry, Payer, RecoveryState } from '../../api/types';
import { Loading } from '../../components/Status';
import { ErrorAlert, Notice } from '../../components/ui';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDate, formatMoney } from '../../lib/format';
import { ru } from '../../i18n/ru';
import { useCentres } from '../acts/actsApi';
import { moscowMonth } from '../../lib/format';
import { type ClaimFormat, downloadClaim, today } from './ledgerApi';

const t = ru.ledger;
const payers: Payer[] = ['factory', 'carrier', 'wholesaler', 'service_center', 'customer'];
const states: RecoveryState[] = ['to_claim', 'claimed', 'recovered', 'written_off'];

/**
 * `/ledger` (managers, admins): a payer's month — what the wholesaler paid
 * first and claims back. Entries to claim are chosen and claimed in one
 * document; a claimed one is paid back (in parts) or its rest written off
 * with a reason. Every step is sent with the version shown, so a change by
 * someone else meanwhile is refused, not overwritten.
 */
export default function RecoveryPage() {
  usePageTitle(t.title);
  const [filter, setFilter] = useState({ payer: 'factory' as Payer, month: moscowMonth(), state: '' as RecoveryState | '', party: '' });
  const [form, setForm] = useState(filter);
  const [chosen, setChosen] = useState<string[]>([]);
  const centres = useCentres(true);
  const centreName = (id: string) => (centres.data ?? []).find((c) => c.id === id)?.name ?? id;
  const key = ['ledger', filter] as const;
  const statement = useQuery({
    queryKey: key,
    queryFn: () =>
      call(
        api.GET('/api/ledger/payers/{payer}', {
          params: {
            path: { payer: filter.payer },
            query: { month: filter.month, ...(filter.party ? { party: filter.party } : {}), ...(filter.state ? { state: filter.state } : {}) },
          },
        }),
      ),
  });
  const download = useMutation({ mutationFn: (format: ClaimFormat) => downloadClaim(filter.payer, filter.month, filter.party, format) });
  const onShow = (e: FormEvent) => {
    e.preventDefault();
    setChosen([]);
    setFilter(form);
  };
  const st = statement.data;
  return (
    <div className="page" data-testid="recovery-page">
      <div className="page-head">
        <h1>{t.title}</h1>
      </div>
      <p className="muted">{t.intro}</p>
      <form className="card filters ledger-filters" onSubmit={onShow} data-testid="ledger-filter">
        <Field label={t.payer} error={undefined}>
          {(id) => (
            <select id={id} value={form.payer} onChange={(e) => setForm({ ...form, payer: e.target.value as Payer })}>
              {payers.map((p) => (
                <option key={p} value={p}>
                  {ru.actions.payers[p] ?? p}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t.month} error={undefined}>
          {(id) => <input id={id} type="month" required value={form.month} onChange={(e) => setForm({ ...form, month: e.target.value })} />}
        </Field>
        <Field label={t.state} error={undefined}>
          {(id) => (
            <select id={id} value={form.state} onChange={(e) => setForm({ ...form, state: e.target.value as RecoveryState | '' })}>
              <option value="">{t.allStates}</option>
              {states.map((s) => (
                <option key={s} value={s}>
                  {t.states[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t.party} error={undefined}>
          {(id) => <input id={id} value={form.party} placeholder={t.partyHint} onChange={(e) => setForm({ ...form, party: e.target.value })} />}
        </Field>
        <button type="submit" className="button button--primary">
          {t.show}
        </button>
      </form>
      {statement.isPending && <Loading />}
      <ErrorAlert error={statement.error} />
      {st && (
        <>
          <dl className="facts" data-testid="ledger-totals">
            <div>
              <dt>{t.total}</dt>
              <dd>{formatMoney(st.total)}</dd>
            </div>
            <div>
              <dt>{t.recovered}</dt>
              <dd data-testid="ledger-recovered">{formatMoney(st.recovered)}</dd>
            </div>
            <div>
              <dt>{t.writtenOff}</dt>
              <dd data-testid="ledger-written-off">{formatMoney(st.writtenOff)}</dd>
            </div>
            <div>
              <dt>{t.outstanding}</dt>
              <dd data-testid="ledger-outstanding">{formatMoney(st.outstanding)}</dd>
            </div>
          </dl>
          <p>
            <button type="button" className="button" onClick={() => download.mutate('xlsx')} disabled={download.isPending || st.entries.length === 0}>
              {t.download}
            </button>{' '}
            <button
              type="button"
              className="button"
              onClick={() => download.mutate('pdf')}
              disabled={download.isPending || st.entries.length === 0}
            >
              {t.downloadPdfLabel}
            </button>
          </p>
          <ErrorAlert error={download.error} />
          <ScrollTable label={t.entries}>
            <table className="table">
              <caption>{t.entries}</caption>
              <ColumnHeads
                columns={[<span className="visually-hidden">{t.claimTitle}</span>, t.at, t.act, t.centre, t.serial, t.kind, t.amount, t.party, t.state, t.claim]}
              />
              {st.entries.map((e) => (
                <EntryRow
                  key={e.id}
                  e={e}
                  centre={centreName(e.serviceCenterId)}
                  chosen={chosen.includes(e.id)}
                  onChoose={(on) => setChosen(on ? [...chosen, e.id] : chosen.filter((id) => id !== e.id))}
                />
              ))}
            </table>
          </ScrollTable>
          {st.entries.length === 0 && <p>{t.none}</p>}
          <ClaimForm ids={chosen} needsParty={st.entries.some((e) => chosen.includes(e.id) && !e.party)} onDone={() => setChosen([])} />
        </>
      )}
    </div>
  );
}

/** One entry: its row and, while it is claimed, its recovery steps below it. */
function EntryRow({ e, centre, chosen, onChoose }: { e: LedgerEntry; centre: string; chosen: boolean; onChoose: (on: boolean) => void }) {
  const state = e.recovery?.state;
  const what = `${t.kinds[e.kind] ?? e.kind} ${e.actNumber ?? ''} ${formatMoney(e.amount)}`;
  return (
    <tbody data-testid="ledger-entry" data-state={state ?? ''}>
      <tr>
        <td>{state === 'to_claim' && <input type="checkbox" checked={chosen} aria-label={t.choose(what)} onChange={(ev) => onChoose(ev.target.checked)} />}</td>
        <td>{formatDate(e.at)}</td>
        <td>{e.actId ? <Link to={`/acts/${e.actId}`}>{e.actNumber || e.actId}</Link> : e.shipmentId && <Link to={`/shipments/${e.shipmentId}`}>{e.shipmentId}</Link>}</td>
        <td>{centre}</td>
        <td>{e.serial}</td>
        <td>
          {t.kinds[e.kind] ?? e.kind}
          {e.note && <span className="hint"> — {e.note}</span>}
        </td>
        <td>{formatMoney(e.amount)}</td>
        <td>{e.party}</td>
        <td>
          {state ? t.states[state] : '—'}
          {state === 'claimed' && e.recovery && e.recovery.recovered > 0 && <span className="hint"> ({t.partly(formatMoney(e.recovery.recovered))})</span>}
          {state === 'written_off' && e.recovery?.reason && <span className="hint"> — {e.recovery.reason}</span>}
        </td>
        <td>
          {e.recovery?.claimNumber}
          {e.recovery?.claimDate && ` от ${formatDate(e.recovery.claimDate)}`}
        </td>
      </tr>
      {state === 'claimed' && (
        <tr>
          <td colSpan={10}>
            <Steps e={e} />
          </td>
        </tr>
      )}
    </tbody>
  );
}

/** Recovery steps of one claimed entry: a payment, or writing off the rest. */
function Steps({ e }: { e: LedgerEntry }) {
  const qc = useQueryClient();
  const outstanding = e.amount - (e.recovery?.recovered ?? 0) - (e.recovery?.writtenOff ?? 0);
  const [amount, setAmount] = useState(String(outstanding));
  const [date, setDate] = useState(today());
  const [reason, setReason] = useState('');
  const done = () => qc.invalidateQueries({ queryKey: ['ledger'] });
  const recover = useMutation({
    mutationFn: () =>
      call(api.POST('/api/ledger/entries/{id}/recover', { params: { path: { id: e.id } }, body: { amount: Number(amount.replace(',', '.')), date, version: e.version } })),
    onSuccess: done,
  });
  const writeOff = useMutation({
    mutationFn: () => call(api.POST('/api/ledger/entries/{id}/write-off', { params: { path: { id: e.id } }, body: { reason, version: e.version } })),
    onSuccess: done,
  });
  const problem = (m: typeof recover | typeof writeOff, f: string) => (m.error instanceof ApiProblem ? m.error.fields[f] : undefined);
  return (
    <div className="ledger-steps" data-testid="ledger-steps">
      <form
        className="ledger-step"
        onSubmit={(ev) => {
          ev.preventDefault();
          recover.mutate();
        }}
      >
        <Field label={t.recoverAmount} error={problem(recover, 'recovered') ?? problem(recover, 'amount')}>
          {(id) => <input id={id} inputMode="decimal" value={amount} onChange={(ev) => setAmount(ev.target.value)} />}
        </Field>
        <Field label={t.recoverDate} error={problem(recover, 'date')}>
          {(id) => <input id={id} type="date" value={date} onChange={(ev) => setDate(ev.target.value)} />}
        </Field>
        <button type="submit" className="button" disabled={recover.isPending}>
          {t.recoverSubmit}
        </button>
        <ErrorAlert error={recover.error} prefix={t.stepFailed} />
      </form>
      <form
        className="ledger-step"
        onSubmit={(ev) => {
          ev.preventDefault();
          writeOff.mutate();
        }}
      >
        <Field label={t.writeOffReason} error={problem(writeOff, 'reason')}>
          {(id) => <input id={id} value={reason} onChange={(ev) => setReason(ev.target.value)} />}
        </Field>
        <button type="submit" className="button button--secondary" disabled={writeOff.isPending}>
          {t.writeOffSubmit}
        </button>
        <ErrorAlert error={writeOff.error} prefix={t.stepFailed} />
      </form>
    </div>
  );
}

/** The claim of the chosen entries: number, date, document, and the factory when they name none. */
function ClaimForm({ ids, needsParty, onDone }: { ids: string[]; needsParty: boolean; onDone: () => void }) {
  const qc = useQueryClient();
  const [claim, setClaim] = useState({ claimNumber: '', claimDate: today(), document: '', party: '' });
  const m = useMutation({
    mutationFn: () => call(api.POST('/api/ledger/claims', { body: { entryIds: ids, ...claim } })),
    onSuccess: () => {
      onDone();
      return qc.invalidateQueries({ queryKey: ['ledger'] });
    },
  });
  const fields = m.error instanceof ApiProblem ? m.error.fields : {};
  const set = (k: keyof typeof claim) => (id: string) => <input id={id} type={k === 'claimDate' ? 'date' : 'text'} value={claim[k]} onChange={(e) => setClaim({ ...claim, [k]: e.target.value })} />;
  return (
    <section className="card" aria-labelledby="claim-title" data-testid="ledger-claim">
      <h2 id="claim-title">{t.claimTitle}</h2>
      <p className="hint">{t.claimHint}</p>
      {m.isSuccess && <Notice kind="success">{t.claimed(m.data.items.length)}</Notice>}
      <form
        className="ledger-step"
        onSubmit={(ev) => {
          ev.preventDefault();
          m.mutate();
        }}
        noValidate
      >
        <Field label={t.claimNumber} error={fields.claimNumber}>
          {set('claimNumber')}
        </Field>
        <Field label={t.claimDate} error={fields.claimDate}>
          {set('claimDate')}
        </Field>
        <Field label={t.document} error={fields.document}>
          {set('document')}
        </Field>
        {needsParty && (
          <Field label={t.claimParty} error={fields.party}>
            {set('party')}
          </Field>
        )}
        {fields.entryIds && <p className="field-error">{fields.entryIds}</p>}
        <button type="submit" className="button button--primary" disabled={ids.length === 0 || m.isPending}>
          {t.claimSubmit(ids.length)}
        </button>
        <ErrorAlert error={m.error} prefix={t.claimFailed} />
      </form>
    </section>
  );
}

/** A labelled input with its error, as the other forms lay them out. */
function Field({ label, error, children }: { label: string; error: string | undefined; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
