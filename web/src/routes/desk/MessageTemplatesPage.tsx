import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import type { MessageTemplates, MessageTemplatesView } from '../../api/types';
import { Loading } from '../../components/Status';
import { ErrorAlert, Notice } from '../../components/ui';
import { usePageTitle } from '../../components/usePageTitle';
import { ru } from '../../i18n/ru';
import { useMe } from '../../session';

const templatesKey = ['desk', 'message-templates'] as const;

type Template = NonNullable<MessageTemplates['templates']>[number];
type Draft = MessageTemplates & { templates: Template[] };

/** `/desk/messages`: the centre's SMS and e-mail templates per status, with a sample and an SMS's length. */
export default function MessageTemplatesPage() {
  const t = ru.deskmsg;
  usePageTitle(t.templatesTitle);
  const view = useQuery({ queryKey: templatesKey, queryFn: () => call(api.GET('/api/desk/message-templates')) });
  const me = useMe();
  if (view.isPending) return <Loading />;
  if (view.isError) return <ErrorAlert error={view.error} />;
  // A user without a centre role is the centre's admin (service-centre.md «Roles»).
  const admin = !me.data?.centreRole || me.data.centreRole === 'centre_admin';
  return <TemplatesForm key={view.data.version} view={view.data} admin={admin} />;
}

function TemplatesForm({ view, admin }: { view: MessageTemplatesView; admin: boolean }) {
  const t = ru.deskmsg;
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => ({
    templates: view.templates,
    reminderDays: view.reminderDays,
    centrePhone: view.centrePhone ?? '',
    centreAddress: view.centreAddress ?? '',
    centreHours: view.centreHours ?? '',
    legalName: view.legalName ?? '',
    inn: view.inn ?? '',
    version: view.version,
  }));
  const save = useMutation({
    mutationFn: (body: MessageTemplates) => call(api.PUT('/api/desk/message-templates', { body })),
    onSuccess: (saved) => qc.setQueryData(templatesKey, saved),
  });
  const setTemplate = (i: number, patch: Partial<Template>) =>
    setDraft((d) => ({ ...d, templates: d.templates.map((x, j) => (j === i ? { ...x, ...patch } : x)) }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  // The API names the field at fault (`templates[3].text`); it shows under that field.
  const fieldError = (name: string) => {
    const msg = save.error instanceof ApiProblem ? save.error.fields[name] : undefined;
    return msg ? (
      <span className="field-error" role="alert">
        {msg}
      </span>
    ) : null;
  };
  return (
    <form className="page form" onSubmit={onSubmit} data-testid="message-templates">
      <h1>{t.templatesTitle}</h1>
      {!admin && <Notice>{t.readOnly}</Notice>}
      <fieldset className="form" disabled={!admin}>
        <label className="field">
          {t.reminderDays}
          <input type="number" min={0} max={60} value={draft.reminderDays ?? 0}
            onChange={(e) => setDraft({ ...draft, reminderDays: Number(e.target.value) })} />
        </label>
        <label className="field">
          {t.centrePhone}
          <input value={draft.centrePhone} maxLength={40} onChange={(e) => setDraft({ ...draft, centrePhone: e.target.value })} />
        </label>
        <label className="field">
          {t.centreAddress}
          <input value={draft.centreAddress} maxLength={200} onChange={(e) => setDraft({ ...draft, centreAddress: e.target.value })} />
          {fieldError('centreAddress')}
        </label>
        <label className="field">
          {t.centreHours}
          <input value={draft.centreHours} maxLength={200} onChange={(e) => setDraft({ ...draft, centreHours: e.target.value })} />
          {fieldError('centreHours')}
        </label>
        <fieldset className="form">
          <legend>{t.requisites}</legend>
          <p className="muted" id="requisites-hint">{t.requisitesHint}</p>
          <label className="field">
            {t.legalName}
            <input value={draft.legalName} maxLength={200} aria-describedby="requisites-hint"
              onChange={(e) => setDraft({ ...draft, legalName: e.target.value })} />
            {fieldError('legalName')}
          </label>
          <label className="field">
            {t.inn}
            <input value={draft.inn} maxLength={14} inputMode="numeric" autoComplete="off"
              aria-invalid={save.error instanceof ApiProblem && 'inn' in save.error.fields ? true : undefined}
              onChange={(e) => setDraft({ ...draft, inn: e.target.value })} />
            {fieldError('inn')}
          </label>
        </fieldset>
        <details>
          <summary>{t.placeholders}</summary>
          <ul>
            {view.placeholders.map((p) => (
              <li key={p.name}>
                <code>{p.name}</code> — {p.meaning}
              </li>
            ))}
          </ul>
        </details>
        {draft.templates.map((tpl, i) => {
          const preview = view.previews[i];
          const label = `${t.events[tpl.event] ?? tpl.event} — ${t.channel[tpl.channel]}`;
          return (
            <section key={`${tpl.event}/${tpl.channel}`} className="card" aria-label={label} data-testid="message-template">
              <h2>{label}</h2>
              <label>
                <input type="checkbox" checked={tpl.enabled ?? false} onChange={(e) => setTemplate(i, { enabled: e.target.checked })} /> {t.enabled}
              </label>
              {tpl.channel === 'email' && (
                <label>
                  {t.subject}
                  <input value={tpl.subject ?? ''} maxLength={200} onChange={(e) => setTemplate(i, { subject: e.target.value })} />
                  {fieldError(`templates[${i}].subject`)}
                </label>
              )}
              <label>
                {t.templateText}
                <textarea rows={tpl.channel === 'sms' ? 3 : 8} value={tpl.text ?? ''} onChange={(e) => setTemplate(i, { text: e.target.value })} />
                {fieldError(`templates[${i}].text`)}
              </label>
              {preview && (
                <p className="muted" data-testid="message-preview">
                  {t.preview}: <span className="pre">{preview.text}</span>
                  {preview.sms && <strong> ({t.smsLength(preview.sms.chars, preview.sms.parts)})</strong>}
                </p>
              )}
            </section>
          );
        })}
        <button type="submit" className="button" disabled={save.isPending}>
          {t.save}
        </button>
      </fieldset>
      {save.isSuccess && <Notice kind="success">{t.saved}</Notice>}
      <ErrorAlert error={save.error} />
    </form>
  );
}
