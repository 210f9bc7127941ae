import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { AdminUser, Role, Tenant } from '../../api/types';
import { Loading } from '../../components/Status';
import { ErrorAlert } from '../../components/ui';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { usePageTitle } from '../../components/usePageTitle';
import { formatPhone } from '../../lib/phone';
import { ru } from '../../i18n/ru';

type OrgKind = 'service-centers' | 'distributors';

function useOrgs(kind: OrgKind) {
  return useQuery({
    queryKey: ['orgs', kind],
    queryFn: async () => (await call(kind === 'service-centers' ? api.GET('/api/admin/service-centers') : api.GET('/api/admin/distributors'))).items,
  });
}

function Orgs({ kind, title, onMessage }: { kind: OrgKind; title: string; onMessage: (m: string) => void }) {
  const qc = useQueryClient();
  const orgs = useOrgs(kind);
  const [form, setForm] = useState({ name: '', city: '', email: '', phone: '' });
  const create = useMutation({
    mutationFn: () => {
      const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim())) as { name: string };
      return call(kind === 'service-centers' ? api.POST('/api/admin/service-centers', { body }) : api.POST('/api/admin/distributors', { body }));
    },
    onSuccess: (t) => {
      setForm({ name: '', city: '', email: '', phone: '' });
      onMessage(ru.admin.created(t.name));
      void qc.invalidateQueries({ queryKey: ['orgs', kind] });
    },
  });
  const toggle = useMutation({
    mutationFn: (t: Tenant) => {
      const params = { params: { path: { id: t.id } } };
      if (kind === 'service-centers') return call(t.disabled ? api.POST('/api/admin/service-centers/{id}/enable', params) : api.POST('/api/admin/service-centers/{id}/disable', params));
      return call(t.disabled ? api.POST('/api/admin/distributors/{id}/enable', params) : api.POST('/api/admin/distributors/{id}/disable', params));
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['orgs', kind] }),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const fid = (k: string) => `${kind}-${k}`;
  const err = (k: string) => (create.error as { fields?: Record<string, string> } | null)?.fields?.[k];
  return (
    <section className="card" aria-labelledby={fid('title')} data-testid={`orgs-${kind}`}>
      <h3 id={fid('title')}>{title}</h3>
      <form className="form inline-form" onSubmit={onSubmit} noValidate>
        {(['name', 'city', 'email', 'phone'] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={fid(k)}>{ru.admin[k]}</label>
            <input
              id={fid(k)}
              value={form[k]}
              type={k === 'email' ? 'email' : k === 'phone' ? 'tel' : 'text'}
              onChange={(e) => setForm((f) => ({ ...f, [k]: e.target.value }))}
              aria-invalid={err(k) ? true : undefined}
              aria-describedby={err(k) ? `${fid(k)}-e` : undefined}
            />
            {err(k) && (
              <p id={`${fid(k)}-e`} className="field-error">
                {err(k)}
              </p>
            )}
          </div>
        ))}
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {ru.admin.create}
        </button>
      </form>
      <ErrorAlert error={create.error} />
      <ErrorAlert error={toggle.error} />
      {orgs.isPending && <Loading />}
      {orgs.isError && <ErrorAlert error={orgs.error} />}
      {orgs.isSuccess && orgs.data.length === 0 && <p className="empty">{ru.admin.noOrgs}</p>}
      {orgs.isSuccess && orgs.data.length > 0 && (
        <ul className="admin-list">
          {orgs.data.map((t) => (
            <li key={t.id}>
              <span>
                <strong>{t.name}</strong>
                {t.city ? `, ${t.city}` : ''}
                {t.phone ? `, ${formatPhone(t.phone)}` : ''}
                {t.disabled && <span className="badge badge--withdrawn"> {ru.admin.disabled}</span>}
              </span>
              <button type="button" className="button" onClick={() => toggle.mutate(t)} disabled={toggle.isPending}>
                {t.disabled ? ru.admin.enable : ru.admin.disable}
                <span className="visually-hidden">: {t.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A generated password where it was asked for; it stays until dismissed, as it is shown only once. */
function OneTimeSecret({ login, password, onDismiss }: { login: string; password: string; onDismiss: () => void }) {
  return (
    <div className="alert alert--success one-time-secret" role="status" data-testid="one-time-secret">
      <p>{ru.admin.generated(login, password)}</p>
      <button type="button" className="button" onClick={onDismiss}>
        {ru.admin.dismissSecret}
      </button>
    </div>
  );
}

/** Where a generated password is shown: under the create button, or in the row whose reset button was pressed. */
interface Secret {
  at: 'create' | { userId: string };
  login: string;
  password: string;
}

/** Sign-in locked after failed attempts: the list reports it for every user; only then is «Разблокировать» offered. */
const isLocked = (u: AdminUser) => u.locked === true;

function Users({ onMessage }: { onMessage: (m: string) => void }) {
  const [secret, setSecret] = useState<Secret | null>(null);
  const secretAt = (at: Secret['at']) =>
    secret && (at === 'create' ? secret.at === 'create' : typeof secret.at === 'object' && secret.at.userId === at.userId) ? (
      <OneTimeSecret login={secret.login} password={secret.password} onDismiss={() => setSecret(null)} />
    ) : null;
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: async () => (await call(api.GET('/api/admin/users'))).items });
  const centres = useOrgs('service-centers');
  const distributors = useOrgs('distributors');
  const orgName = new Map([...(centres.data ?? []), ...(distributors.data ?? [])].map((t) => [t.id, t.name]));
  const [form, setForm] = useState({ login: '', name: '', email: '', role: 'service_center' as Role, tenant: '', password: '' });
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/admin/users', {
          body: {
            login: form.login.trim(),
            name: form.name.trim(),
            role: form.role,
            ...(form.email.trim() ? { email: form.email.trim() } : {}),
            ...(form.tenant && (form.role === 'service_center' || form.role === 'key_user') ? { tenant: form.tenant } : {}),
            ...(form.password ? { password: form.password } : {}),
          },
        }),
      ),
    onSuccess: (r) => {
      if (r.generatedPassword) setSecret({ at: 'create', login: r.user.login, password: r.generatedPassword });
      else onMessage(ru.admin.created(r.user.login));
      setForm((f) => ({ ...f, login: '', name: '', email: '', password: '' }));
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const act = useMutation({
    mutationFn: async ({ u, what }: { u: AdminUser; what: 'toggle' | 'reset' | 'unlock' }) => {
      const params = { params: { path: { id: u.id } } };
      if (what === 'reset') {
        const r = await call(api.POST('/api/admin/users/{id}/password', { ...params, body: {} }));
        setSecret({ at: { userId: u.id }, login: u.login, password: r.generatedPassword });
      } else if (what === 'unlock') {
        await call(api.POST('/api/admin/users/{id}/unlock', params));
        onMessage(ru.admin.unlocked(u.login));
      } else {
        await call(u.disabled ? api.POST('/api/admin/users/{id}/enable', params) : api.POST('/api/admin/users/{id}/disable', params));
      }
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['users'] }),
  });
  const tenants = form.role === 'service_center' ? (centres.data ?? []) : form.role === 'key_user' ? (distributors.data ?? []) : [];
  const err = (k: string) => (create.error as { fields?: Record<string, string> } | null)?.fields?.[k];
  const input = (k: 'login' | 'name' | 'email' | 'password', label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`u-${k}`}>{label}</label>
      <input
        id={`u-${k}`}
        type={type}
        autoComplete={k === 'password' ? 'new-password' : 'off'}
        value={form[k]}
        onChange={(e) => setForm((f) => ({ ...f, [k]: e.target.value }))}
        aria-invalid={err(k) ? true : undefined}
        aria-describedby={err(k) ? `u-${k}-e` : undefined}
      />
      {err(k) && (
        <p id={`u-${k}-e`} className="field-error">
          {err(k)}
        </p>
      )}
    </div>
  );
  return (
    <section className="card" aria-labelledby="users-title" data-testid="admin-users">
      <h2 id="users-title">{ru.admin.users}</h2>
      <form
        className="form inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
        noValidate
      >
        {input('login', ru.admin.login)}
        {input('name', ru.admin.fullName)}
        {input('email', ru.admin.email, 'email')}
        <div className="field">
          <label htmlFor="u-role">{ru.admin.role}</label>
          <select id="u-role" value={form.role} onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role, tenant: '' }))}>
            {Object.entries(ru.roles).map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="u-tenant">{ru.admin.tenant}</label>
          <select id="u-tenant" value={form.tenant} onChange={(e) => setForm((f) => ({ ...f, tenant: e.target.value }))} disabled={tenants.length === 0}>
            <option value="">{ru.admin.noTenant}</option>
            {tenants.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          {err('tenant') && <p className="field-error">{err('tenant')}</p>}
        </div>
        {input('password', ru.admin.password, 'password')}
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {ru.admin.create}
        </button>
        {secretAt('create')}
      </form>
      <ErrorAlert error={create.error} />
      <ErrorAlert error={act.error} />
      {users.isPending && <Loading />}
      {users.isError && <ErrorAlert error={users.error} />}
      {users.isSuccess && users.data.length === 0 && <p className="empty">{ru.admin.noUsers}</p>}
      {users.isSuccess && users.data.length > 0 && (
        <ScrollTable label={ru.admin.users}>
          <table className="table" data-testid="users-table">
            <ColumnHeads columns={[ru.admin.login, ru.admin.fullName, ru.admin.role, ru.admin.tenant, ru.admin.actions]} />
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id} data-login={u.login}>
                  <td>
                    {u.login}
                    {u.disabled && <span className="muted"> · {ru.admin.userDisabled}</span>}
                    {isLocked(u) && <span className="muted"> · {ru.admin.userLocked}</span>}
                  </td>
                  <td>{u.name}</td>
                  <td>{ru.roles[u.role]}</td>
                  <td>{u.tenant ? (orgName.get(u.tenant) ?? u.tenant) : '—'}</td>
                  <td className="row-actions">
                    <button type="button" className="button" onClick={() => act.mutate({ u, what: 'toggle' })} aria-label={`${u.disabled ? ru.admin.enable : ru.admin.disable}: ${u.login}`}>
                      {u.disabled ? ru.admin.enable : ru.admin.disable}
                    </button>
                    <button type="button" className="button" onClick={() => act.mutate({ u, what: 'reset' })} aria-label={`${ru.admin.resetPassword}: ${u.login}`}>
                      {ru.admin.resetPassword}
                    </button>
                    {isLocked(u) && (
                      <button type="button" className="button" onClick={() => act.mutate({ u, what: 'unlock' })} aria-label={`${ru.admin.unlock}: ${u.login}`}>
                        {ru.admin.unlock}
                      </button>
                    )}
                    {secretAt({ userId: u.id })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}

/** The administrator's workspace: organisations and users. */
export default function AdminHome() {
  usePageTitle(ru.home.byRole.admin.title);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="page" data-testid="home-admin">
      <h1>{ru.home.byRole.admin.title}</h1>
      {message && (
        <p className="alert alert--success" role="status" data-testid="admin-message">
          {message}
        </p>
      )}
      <section aria-labelledby="orgs-title" className="stack">
        <h2 id="orgs-title">{ru.admin.orgs}</h2>
        <div className="grid-2">
          <Orgs kind="service-centers" title={ru.admin.serviceCenters} onMessage={setMessage} />
          <Orgs kind="distributors" title={ru.admin.distributors} onMessage={setMessage} />
        </div>
      </section>
      <Users onMessage={setMessage} />
    </div>
  );
}
