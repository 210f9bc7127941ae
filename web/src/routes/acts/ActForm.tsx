import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ApiProblem, call, fieldMessages } from '../../api/problem';
import type { ActResponse, ActSaveResponse, FieldError, FileKind } from '../../api/types';
import { FileUpload } from '../../components/FileUpload';
import { Loading } from '../../components/Status';
import { ErrorAlert, newKey, Notice } from '../../components/ui';
import { usePageTitle } from '../../components/usePageTitle';
import { clearDraft, draftKey, readDraft, writeDraft, type LocalDraft } from '../../lib/draftStore';
import { formatDateTime } from '../../lib/format';
import { formatPhone, normalizePhone } from '../../lib/phone';
import { ru } from '../../i18n/ru';
import { useUser } from '../SessionLayout';
import { actKey, takeAction, useCategories } from './actsApi';
import { parseTypedDate, typedFromISO } from '../../lib/typedDate';
import {
  dateFields,
  diff,
  emptyForm,
  emptyPart,
  fieldKey,
  fieldLabel,
  formFieldOf,
  fromApi,
  fromRepair,
  omitFields,
  requiredAtSubmit,
  revertFields,
  stepOf,
  stepsWithErrors,
  toApi,
  type FormState,
  type PartRow,
} from './formModel';

const photoKinds: FileKind[] = ['nameplate', 'warranty_card_or_receipt', 'defect', 'part', 'fastening', 'customer_statement', 'other'];
const AUTOSAVE_MS = 2500;

/** `/acts/new` and `/acts/:id/edit`: loads the act (when there is one), then the form. */
export default function ActFormPage() {
  const { id } = useParams();
  const user = useUser();
  const act = useQuery({
    queryKey: ['act-edit', id ?? 'new'],
    queryFn: () => call(api.GET('/api/acts/{id}', { params: { path: { id: id as string } } })),
    enabled: !!id,
    staleTime: Infinity,
    gcTime: 0,
  });
  const [search] = useSearchParams();
  const repairId = id ? null : search.get('repair');
  const prefill = useRepairPrefill(repairId);
  if (id && act.isPending) return <Loading />;
  if (id && act.isError) return <ErrorAlert error={act.error} />;
  if (repairId && prefill.isPending) return <Loading />;
  if (repairId && prefill.isError) return <ErrorAlert error={prefill.error} />;
  return (
    <ActForm
      key={id ?? repairId ?? 'new'}
      userId={user.id}
      correcting={user.role !== 'service_center'}
      initial={act.data}
      prefill={prefill.data}
      repairId={repairId ?? undefined}
    />
  );
}

/** `/acts/new?repair=<id>`: the front desk's order, its device and customer, as a new act's fields. */
function useRepairPrefill(repairId: string | null) {
  return useQuery({
    queryKey: ['act-from-repair', repairId],
    queryFn: async () => {
      const { repair } = await call(api.GET('/api/desk/repairs/{id}', { params: { path: { id: repairId as string } } }));
      const card = await call(api.GET('/api/desk/devices/{id}', { params: { path: { id: repair.deviceId } } }));
      return fromRepair(repair, card.device, card.customer);
    },
    enabled: !!repairId,
    staleTime: Infinity,
    gcTime: 0,
  });
}

type Errors = Record<string, string>;

/** The form fields a save refused, and their errors keyed as the form marks them. */
function refusedFields(list: readonly FieldError[]): { fields: Array<keyof FormState>; errors: Errors } {
  const errors: Errors = {};
  for (const [k, v] of Object.entries(fieldMessages(list))) errors[fieldKey(k)] = v;
  const fields = list.map((f) => formFieldOf(f.field)).filter((f): f is keyof FormState => f !== null);
  return { fields: [...new Set(fields)], errors };
}

function ActForm({
  userId,
  correcting,
  initial,
  prefill,
  repairId,
}: {
  userId: string;
  correcting: boolean;
  initial: ActResponse | undefined;
  prefill?: FormState;
  /** The repair order the act is filed from: the first save links the two. */
  repairId?: string;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const categories = useCategories();

  // The local copy wins while it holds something not yet saved to the API.
  const [boot] = useState(() => {
    const key = draftKey(userId, initial?.id);
    const local = readDraft<FormState>(key);
    // An act opened from a repair order starts from the order, not from another unsaved act.
    if (!prefill && local && (local.dirty || !initial) && (!initial || local.actId === initial.id)) return { draft: local, restored: local.dirty };
    const form = initial ? fromApi(initial) : (prefill ?? emptyForm());
    const draft: LocalDraft<FormState> = {
      form,
      // Pre-filled fields are not saved yet: the first save sends them.
      saved: prefill && !initial ? emptyForm() : form,
      step: 0,
      dirty: !!prefill && !initial,
      savedAt: Date.now(),
      ...(initial ? { actId: initial.id, version: initial.version } : {}),
    };
    return { draft, restored: false };
  });
  const [form, setForm] = useState<FormState>(boot.draft.form);
  const meta = useRef({
    saved: boot.draft.saved,
    actId: boot.draft.actId,
    version: boot.draft.version,
    createKey: boot.draft.createKey ?? newKey(),
    number: initial?.number,
    /** Refused fields → the value refused (JSON): not sent again until it changes. */
    refused: {} as Partial<Record<keyof FormState, string>>,
  });
  const urlStep = Number(params.get('step'));
  const step = Number.isInteger(urlStep) && urlStep >= 1 && urlStep <= 4 ? urlStep - 1 : boot.draft.step;
  const [errors, setErrors] = useState<Errors>({});
  const errorsRef = useRef<Errors>({});
  const showErrors = (e: Errors) => {
    errorsRef.current = e;
    setErrors(e);
    setProblem(null);
  };
  const [problem, setProblem] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [saving, setSaving] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [warnings, setWarnings] = useState<string[]>((initial?.warnings ?? []).map((w) => w.message));
  // «Восстановлено …» holds until what was restored reaches the server.
  const [restored, setRestored] = useState(boot.restored);
  const heading = useRef<HTMLHeadingElement>(null);
  const inflight = useRef<Promise<string | null> | null>(null);
  const formRef = useRef(form);
  formRef.current = form;

  usePageTitle(meta.current.number ? (correcting ? ru.form.titleCorrect(meta.current.number) : ru.form.titleEdit(meta.current.number)) : ru.form.titleNew);

  // Every keystroke goes to sessionStorage at once.
  const persist = useCallback(
    (f: FormState, s: number) => {
      const m = meta.current;
      const dirty = JSON.stringify(diff(m.saved, f)) !== '{}' || !m.actId;
      writeDraft(draftKey(userId, m.actId), {
        form: f,
        saved: m.saved,
        step: s,
        dirty: dirty && JSON.stringify(toApi(f)) !== JSON.stringify(toApi(emptyForm())),
        createKey: m.createKey,
        savedAt: Date.now(),
        ...(m.actId ? { actId: m.actId, version: m.version } : {}),
      });
    },
    [userId],
  );
  useEffect(() => persist(form, step), [form, step, persist]);

  // No connection: what was typed is in this browser; the save is retried when the connection returns.
  const [offline, setOffline] = useState(false);
  const applyProblem = (err: unknown) => {
    if (err instanceof ApiProblem && err.status === 0) {
      setOffline(true);
      setProblem(ru.form.offlineRetry);
      return undefined;
    }
    if (err instanceof ApiProblem) {
      if (err.status === 409 || err.status === 412) {
        if (err.code === 'stale' || err.status === 412) {
          setProblem(ru.form.stale);
          return;
        }
      }
      const fields: Errors = {};
      for (const [k, v] of Object.entries(err.fields)) fields[fieldKey(k)] = v;
      if (Object.keys(fields).length === 0) {
        setProblem(err.message);
        return undefined;
      }
      showErrors({ ...errorsRef.current, ...fields });
      return Object.keys(fields);
    }
    setProblem(ru.form.saveFailed);
    return undefined;
  };

  /**
   * Saves what changed to the API: creates the draft the first time, PATCHes
   * after. Returns the act id. The server saves per field: what it refuses
   * (`fieldErrors`) keeps what was typed here and its error, and is not sent
   * again until it changes; everything else is stored.
   */
  const save = useCallback(async (): Promise<string | null> => {
    if (inflight.current) await inflight.current.catch(() => null);
    const run = (async () => {
      const m = meta.current;
      const now = formRef.current;
      const stillRefused = (Object.keys(m.refused) as Array<keyof FormState>).filter((f) => JSON.stringify(now[f]) === m.refused[f]);
      for (const f of Object.keys(m.refused) as Array<keyof FormState>) if (!stillRefused.includes(f)) delete m.refused[f];
      const body = omitFields(m.actId ? diff(m.saved, now) : toApi(now), stillRefused);
      // An error goes when its field is sent and taken; a still-refused field keeps its own.
      const sent = new Set(Object.keys(body));
      const kept = Object.fromEntries(Object.entries(errorsRef.current).filter(([k]) => !sent.has(formFieldOf(k) ?? k)));
      if (m.actId && JSON.stringify(body) === '{}') {
        showErrors(kept);
        return m.actId;
      }
      setSaving(true);
      try {
        const act: ActSaveResponse = m.actId
          ? await call(api.PATCH('/api/acts/{id}', { params: { path: { id: m.actId }, header: { 'If-Match': `"${m.version}"` } }, body: { ...body, version: m.version as number } }))
          : await call(
              api.POST('/api/acts', { params: { header: { 'Idempotency-Key': m.createKey }, ...(repairId ? { query: { repair: repairId } } : {}) }, body }),
            );
        const refused = refusedFields(act.fieldErrors);
        for (const f of refused.fields) m.refused[f] = JSON.stringify(now[f]);
        if (!m.actId) {
          const oldKey = draftKey(userId, undefined);
          m.actId = act.id;
          m.number = act.number;
          clearDraft(oldKey);
        }
        m.version = act.version;
        // What the server holds now: the refused fields kept their stored values.
        m.saved = revertFields(now, m.saved, [...stillRefused, ...refused.fields]);
        setWarnings(act.warnings.map((w) => w.message));
        showErrors({ ...kept, ...refused.errors });
        setSavedAt(new Date());
        setRestored(false);
        setOffline(false);
        persist(formRef.current, stepRef.current);
        queryClient.invalidateQueries({ queryKey: ['acts'] });
        return act.id;
      } catch (err) {
        applyProblem(err);
        return m.actId ?? null;
      } finally {
        setSaving(false);
      }
    })();
    inflight.current = run;
    return run;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId, persist, queryClient, repairId]);

  const stepRef = useRef(step);
  stepRef.current = step;

  useEffect(() => {
    if (!offline) return;
    const retry = () => void save();
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [offline, save]);

  // Each step is an entry in the browser's history, so Back goes one step back.
  // After the first save of a new act, its address /acts/:id/edit replaces
  // /acts/new, so Back never leads to an empty form.
  const goTo = useCallback(
    (s: number) => {
      const id = meta.current.actId;
      const here = stepRef.current;
      if (id && !window.location.pathname.includes(id)) {
        navigate(`/acts/${id}/edit?step=${here + 1}`, { replace: true });
        if (s !== here) navigate(`/acts/${id}/edit?step=${s + 1}`);
      } else {
        const next = new URLSearchParams(params);
        next.set('step', String(s + 1));
        setParams(next, { replace: s === here });
      }
      heading.current?.focus();
    },
    [navigate, params, setParams],
  );

  // Save to the API a moment after typing stops.
  useEffect(() => {
    const t = setTimeout(() => {
      const m = meta.current;
      const pending = !m.actId ? JSON.stringify(toApi(form)) !== JSON.stringify(toApi(emptyForm())) : JSON.stringify(diff(m.saved, form)) !== '{}';
      if (pending && !submitting) void save().then((id) => id && !window.location.pathname.includes(id) && goTo(stepRef.current));
    }, AUTOSAVE_MS);
    return () => clearTimeout(t);
  }, [form, save, goTo, submitting]);

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const setPart = (i: number, patch: Partial<PartRow>) => setForm((f) => ({ ...f, parts: f.parts.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));

  /** Every field with an error now: refused by the server, or a date that does not parse. */
  const errorKeys = (): string[] => [...new Set([...Object.keys(errorsRef.current), ...dateFields.filter((k) => parseTypedDate(formRef.current[k]) === 'invalid')])];
  /** Puts the keyboard on the first field in error on the current step. */
  const focusFirstError = () =>
    requestAnimationFrame(() => (document.querySelector<HTMLElement>('.act-form form [aria-invalid="true"]') ?? heading.current)?.focus());

  // «Далее» stays on a step whose field was refused, so the error is seen where it is.
  const onNext = async (e: FormEvent) => {
    e.preventDefault();
    await save();
    if (errorKeys().some((k) => stepOf(k) === stepRef.current)) focusFirstError();
    else if (step < 3) goTo(step + 1);
  };
  const onBack = async () => {
    goTo(Math.max(0, step - 1));
    void save();
  };
  const onSubmit = async () => {
    setSubmitting(true);
    try {
      const id = await save();
      const m = meta.current;
      if (!id || m.version === undefined) return;
      // A refused field is not left behind: the act goes only once every field was taken.
      const open = stepsWithErrors(errorKeys());
      if (open.length) {
        goTo(open[0] as number);
        focusFirstError();
        return;
      }
      if (correcting) {
        clearDraft(draftKey(userId, id));
        await queryClient.invalidateQueries({ queryKey: actKey(id) });
        navigate(`/acts/${id}`);
        return;
      }
      await takeAction(id, { action: 'submit', version: m.version });
      clearDraft(draftKey(userId, id));
      await queryClient.invalidateQueries({ queryKey: ['acts'] });
      await queryClient.invalidateQueries({ queryKey: actKey(id) });
      navigate(`/acts/${id}?submitted=1`);
    } catch (err) {
      const fields = applyProblem(err);
      if (fields?.length) goTo(Math.min(...fields.map(stepOf)));
    } finally {
      setSubmitting(false);
    }
  };

  // --- field helpers ---
  // A date that does not parse is said at once, before any save: it is kept as typed but not sent.
  const dateError = (k: string) => ((dateFields as readonly string[]).includes(k) && parseTypedDate(form[k as (typeof dateFields)[number]]) === 'invalid' ? ru.form.dateFormat : undefined);
  const err = (k: string) => errors[k] ?? dateError(k);
  const required = (k: string) => requiredAtSubmit.has(k) && !(k === 'serialNumber' && form.noSerial);
  /**
   * A label with the required mark. The mark is drawn by CSS for the eye only,
   * so the label's text (and the field's accessible name) stays the plain label;
   * aria-required says it to a screen reader.
   */
  const labelText = (label: string, isRequired: boolean) => (
    <>
      {label}
      {isRequired && <span className="required-mark" aria-hidden="true" />}
    </>
  );
  const describe = (k: string, hint?: boolean) => [hint ? `h-${k}` : '', err(k) ? `e-${k}` : ''].filter(Boolean).join(' ') || undefined;
  const errorLine = (k: string) =>
    err(k) ? (
      <p id={`e-${k}`} className="field-error">
        {err(k)}
      </p>
    ) : null;
  const text = (k: keyof FormState & string, label: string, opts: { hint?: string; multiline?: boolean; maxLength?: number; date?: boolean; disabled?: boolean; autoComplete?: string } = {}) => (
    <div className="field">
      <label htmlFor={`f-${k}`}>{labelText(label, required(k))}</label>
      {opts.multiline ? (
        <textarea
          id={`f-${k}`}
          value={form[k] as string}
          rows={3}
          maxLength={opts.maxLength}
          onChange={(e) => set(k, e.target.value as never)}
          aria-required={required(k) || undefined}
          aria-invalid={err(k) ? true : undefined}
          aria-describedby={describe(k, !!opts.hint)}
        />
      ) : (
        <input
          id={`f-${k}`}
          type="text"
          inputMode={opts.date ? 'numeric' : undefined}
          placeholder={opts.date ? ru.form.datePlaceholder : undefined}
          value={form[k] as string}
          maxLength={opts.date ? 10 : opts.maxLength}
          // On leaving a date, it is rewritten as it will be saved: «01.06.23» visibly becomes «01.06.2023».
          onBlur={
            opts.date
              ? () => {
                  const iso = parseTypedDate(form[k] as string);
                  if (iso && iso !== 'invalid') set(k, typedFromISO(iso) as never);
                }
              : undefined
          }
          disabled={opts.disabled}
          autoComplete={opts.autoComplete ?? 'off'}
          onChange={(e) => set(k, e.target.value as never)}
          aria-required={required(k) || undefined}
          aria-invalid={err(k) ? true : undefined}
          aria-describedby={describe(k, !!opts.hint)}
        />
      )}
      {opts.hint && (
        <p id={`h-${k}`} className="hint">
          {opts.hint}
        </p>
      )}
      {errorLine(k)}
    </div>
  );
  const radios = (k: keyof FormState & string, label: string, options: Record<string, string>) => (
    <fieldset
      className="field radios"
      role="radiogroup"
      aria-required={required(k) || undefined}
      aria-invalid={err(k) ? true : undefined}
      aria-describedby={describe(k)}
    >
      <legend>{labelText(label, required(k))}</legend>
      {Object.entries(options).map(([v, l]) => (
        <label key={v} className="check">
          <input type="radio" name={k} value={v} checked={form[k] === v} onChange={() => set(k, v as never)} />
          {l}
        </label>
      ))}
      {errorLine(k)}
    </fieldset>
  );
  const check = (k: 'refusal14' | 'paidOrder' | 'warrantyCase' | 'noSerial', label: string) => (
    <div className="field">
      <label className="check">
        <input type="checkbox" checked={form[k]} onChange={(e) => set(k, e.target.checked)} aria-describedby={describe(k)} />
        {label}
      </label>
      {errorLine(k)}
    </div>
  );

  const phoneE164 = form.customerPhone.trim() ? normalizePhone(form.customerPhone) : null;
  const title = meta.current.number ? (correcting ? ru.form.titleCorrect(meta.current.number) : ru.form.titleEdit(meta.current.number)) : ru.form.titleNew;
  const stepNames = ru.form.steps;
  const badFields = [...new Set([...Object.keys(errors), ...dateFields.filter((k) => dateError(k))])].sort((a, b) => stepOf(a) - stepOf(b));
  const badSteps = stepsWithErrors(badFields);

  const sections: ReactNode[] = [
    <>
      <div className="field">
        <label htmlFor="f-category">{labelText(ru.form.category, true)}</label>
        <select
          id="f-category"
          value={form.category}
          onChange={(e) => set('category', e.target.value)}
          aria-required
          aria-invalid={err('category') ? true : undefined}
          aria-describedby={describe('category')}
        >
          <option value="">{ru.form.chooseCategory}</option>
          {form.category && !(categories.data ?? []).some((c) => c.name === form.category) && <option value={form.category}>{form.category}</option>}
          {(categories.data ?? []).map((c) => (
            <option key={c.id} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
        {errorLine('category')}
      </div>
      {text('article', ru.form.article, { maxLength: 200 })}
      {text('serialNumber', ru.form.serial, { disabled: form.noSerial })}
      {check('noSerial', ru.form.noSerial)}
      {text('complaint', ru.form.complaint, { multiline: true, maxLength: 1000 })}
      {radios('appearance', ru.form.appearance, ru.form.appearanceOptions)}
      <div className="grid-2">
        {text('saleDate', ru.form.saleDate, { date: true, hint: ru.form.saleDateHint })}
        {text('acceptedDate', ru.form.acceptedDate, { date: true })}
      </div>
      {radios('completeness', ru.form.completeness, ru.form.completenessOptions)}
      {radios('warrantyCard', ru.form.warrantyCard, { yes: ru.form.yes, no: ru.form.no })}
      <fieldset className="field">
        <legend>{ru.form.flags}</legend>
        {check('refusal14', ru.form.refusal14)}
        {check('paidOrder', ru.form.paidOrder)}
      </fieldset>
    </>,
    <>
      {text('internalNumber', ru.form.internalNumber, { maxLength: 50 })}
      {text('mechanic', ru.form.mechanic, { autoComplete: 'name' })}
      {text('diagnosis', ru.form.diagnosis, { multiline: true, hint: ru.form.diagnosisHint })}
      {text('conclusion', ru.form.conclusion, { multiline: true })}
      {check('warrantyCase', ru.form.warrantyCase)}
      {!form.warrantyCase && <p className="alert alert--warning">{ru.form.warrantyCaseWarn}</p>}
    </>,
    <>
      {form.parts.length === 0 && <p className="muted">{ru.form.partsEmpty}</p>}
      <ol className="parts">
        {form.parts.map((p, i) => {
          const k = (f: string) => `parts.${i}.${f}`;
          const partInput = (f: 'name' | 'schemeNumber' | 'quantity' | 'price', label: string, type = 'text') => (
            <div className="field">
              <label htmlFor={`f-${k(f)}`}>{labelText(label, f === 'name')}</label>
              <input
                id={`f-${k(f)}`}
                type={type}
                aria-required={f === 'name' || undefined}
                inputMode={f === 'quantity' ? 'numeric' : f === 'price' ? 'decimal' : undefined}
                value={p[f]}
                onChange={(e) => setPart(i, { [f]: e.target.value })}
                aria-invalid={err(k(f)) ? true : undefined}
                aria-describedby={describe(k(f))}
              />
              {errorLine(k(f))}
            </div>
          );
          return (
            <li key={i} className="part card" data-testid="part-row">
              <fieldset>
                <legend>{ru.form.partRow(i + 1)}</legend>
                {errorLine(`parts.${i}`)}
                {partInput('name', ru.form.partName)}
                <div className="grid-2">
                  {partInput('schemeNumber', ru.form.partScheme)}
                  {partInput('quantity', ru.form.partQty)}
                </div>
                <label className="check">
                  <input type="checkbox" checked={p.ownPart} onChange={(e) => setPart(i, { ownPart: e.target.checked })} />
                  {ru.form.partOwn}
                </label>
                {partInput('price', ru.form.partPrice)}
                <button type="button" className="button button--secondary" onClick={() => setForm((f) => ({ ...f, parts: f.parts.filter((_, j) => j !== i) }))}>
                  {ru.form.removePart(i + 1)}
                </button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {errorLine('parts')}
      <button type="button" className="button" onClick={() => setForm((f) => ({ ...f, parts: [...f.parts, emptyPart()] }))} disabled={form.parts.length >= 50}>
        {ru.form.addPart}
      </button>
    </>,
    <>
      {text('customerName', ru.form.customerName)}
      <div className="field">
        <label htmlFor="f-customerPhone">{labelText(ru.form.customerPhone, true)}</label>
        <input
          id="f-customerPhone"
          type="tel"
          autoComplete="off"
          value={form.customerPhone}
          onChange={(e) => set('customerPhone', e.target.value)}
          aria-required
          aria-invalid={err('customerPhone') || (form.customerPhone.trim() && !phoneE164) ? true : undefined}
          aria-describedby={`h-customerPhone${err('customerPhone') ? ' e-customerPhone' : ''}`}
        />
        <p id="h-customerPhone" className="hint" aria-live="polite">
          {!form.customerPhone.trim() ? ru.form.phoneHint : phoneE164 ? ru.form.phoneShown(formatPhone(phoneE164)) : ru.form.phoneBad}
        </p>
        {errorLine('customerPhone')}
      </div>
      {text('sellerOrganization', ru.form.seller)}
      {radios('complexity', ru.form.complexity, { '1': '1', '2': '2', '3': '3' })}
      {radios('productState', ru.form.productState, ru.form.productStateOptions)}
      {text('repairEndDate', ru.form.repairEndDate, { date: true })}
      <section className="photos" aria-labelledby="photos-title">
        <h3 id="photos-title">{ru.form.photos}</h3>
        <p className="hint">{ru.form.photosHint}</p>
        {meta.current.actId ? <ActFiles actId={meta.current.actId} /> : <p className="muted">{ru.form.photosNeedSave}</p>}
        <div className="photo-slots">
          {photoKinds.map((kind) => (
            <FileUpload
              key={kind}
              kind={kind}
              label={ru.files.kinds[kind] ?? kind}
              getActId={save}
              onUploaded={() => {
                const id = meta.current.actId;
                if (id) {
                  void queryClient.invalidateQueries({ queryKey: ['act-files', id] });
                  if (!window.location.pathname.includes(id)) goTo(stepRef.current);
                }
              }}
            />
          ))}
        </div>
      </section>
    </>,
  ];

  return (
    <div className="page act-form">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <ol className="stepper" aria-label={ru.form.steps.join(', ')}>
        {stepNames.map((name, i) => (
          <li
            key={name}
            className={['stepper__item', i === step && 'stepper__item--current', badSteps.includes(i) && 'stepper__item--error'].filter(Boolean).join(' ')}
            data-testid={`step-${i + 1}`}
            data-error={badSteps.includes(i) || undefined}
          >
            <button type="button" className="stepper__button" aria-current={i === step ? 'step' : undefined} onClick={() => goTo(i)}>
              <span className="stepper__n">{i + 1}</span> {name}
              {badSteps.includes(i) && <span className="stepper__error">{ru.form.stepHasErrors}</span>}
            </button>
          </li>
        ))}
      </ol>
      {badFields.length > 0 && (
        <div className="alert alert--error" role="alert" data-testid="form-fields-problem">
          <p>{ru.form.fieldsRefused}</p>
          <ul className="field-problems">
            {badFields.map((k) => (
              <li key={k}>
                <button type="button" className="link-button" onClick={() => goTo(stepOf(k))}>
                  {ru.form.fieldOnStep(fieldLabel(k), stepOf(k) + 1)}
                </button>
                {': '}
                {err(k)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {restored && <Notice>{ru.form.restored}</Notice>}
      {problem && (
        <p className="alert alert--error" role="alert" data-testid="form-problem">
          {problem}
        </p>
      )}
      {warnings.length > 0 && (
        <div className="alert alert--warning" role="status">
          {warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </div>
      )}
      <form className="card form" onSubmit={(e) => void onNext(e)} noValidate aria-labelledby="step-title">
        <h2 id="step-title">{ru.form.stepOf(step + 1, 4, stepNames[step] ?? '')}</h2>
        <p className="hint">
          <span className="required-mark" aria-hidden="true" /> {ru.form.requiredNote}
        </p>
        {sections[step]}
        <div className="form-buttons">
          {step > 0 && (
            <button type="button" className="button" onClick={() => void onBack()}>
              {ru.form.back}
            </button>
          )}
          <button type="button" className="button" onClick={() => void save()} disabled={saving}>
            {saving ? ru.form.saving : ru.form.save}
          </button>
          {step < 3 && (
            <button type="submit" className="button button--primary">
              {ru.form.next}
            </button>
          )}
          {step === 3 && (
            <button type="button" className="button button--primary" onClick={() => void onSubmit()} disabled={submitting}>
              {correcting ? ru.form.finishCorrection : submitting ? ru.form.submitting : ru.form.submit}
            </button>
          )}
        </div>
        <p className="hint" role="status" data-testid="save-state">
          {savedAt ? ru.form.saved(formatDateTime(savedAt).slice(11)) : ''}
        </p>
      </form>
      {meta.current.actId && (
        <p>
          <Link to={`/acts/${meta.current.actId}`}>{ru.act.title(meta.current.number ?? '')}</Link>
        </p>
      )}
    </div>
  );
}

const thumbnailTypes: string[] = ['image/jpeg', 'image/png', 'image/webp'];

/** The act's files, refreshed while one is still being checked; photos with a thumbnail. */
export function ActFiles({ actId }: { actId: string }) {
  const files = useQuery({
    queryKey: ['act-files', actId],
    queryFn: async () => (await call(api.GET('/api/acts/{id}/files', { params: { path: { id: actId } } }))).items,
    refetchInterval: (q) => ((q.state.data ?? []).some((f) => f.status === 'pending') ? 1000 : false),
  });
  if (files.isPending) return <Loading />;
  if (files.isError) return <ErrorAlert error={files.error} />;
  if (files.data.length === 0) return <p className="muted">{ru.files.none}</p>;
  return (
    <ul className="files" data-testid="act-files">
      {files.data.map((f) => (
        <li key={f.id} data-kind={f.kind} data-status={f.status}>
          <strong>{ru.files.kinds[f.kind] ?? f.kind}</strong>
          {': '}
          {f.url ? (
            <a href={f.url} target="_blank" rel="noreferrer noopener" className="file-link">
              {/* A thumbnail for what a browser can draw (not HEIC, not PDF); the link's text names the file. */}
              {thumbnailTypes.includes(f.contentType) && <img className="thumb" src={f.url} alt="" loading="lazy" width={56} height={56} data-testid="thumb" />}
              {f.name || f.id}
            </a>
          ) : (
            (f.name ?? f.id)
          )}{' '}
          <span className="muted">
            {ru.files.size(Math.max(1, Math.round(f.size / 1024)))}
            {f.status === 'pending' && ` · ${ru.files.pending}`}
            {f.status === 'rejected' && ` · ${ru.files.rejected}: ${ru.files.rejectReason(f.rejectReason)}`}
          </span>
        </li>
      ))}
    </ul>
  );
}
