import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { AdminUser, CentreRole } from '../../api/types';
import { Loading } from '../../components/Status';
import { ErrorAlert, Notice } from '../../components/ui';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { usePageTitle } from '../../components/usePageTitle';
import { ru } from '../../i18n/ru';
import { useUser } from '../SessionLayout';
import { centreRoleOf, staffKey, useStaff } from './deskopsApi';

const centreRoles: CentreRole[] = ['centre_admin', 'reception', 'technician'];

/** `/desk/staff`: the centre's own accounts; its admin adds, blocks, resets and changes roles. */
export default function StaffPage() {
  const t = ru.deskops;
  usePageTitle(t.staff);
  const me = useUser();
  const admin = centreRoleOf(me) === 'centre_admin';
  const staff = useStaff();
  const [password, setPassword] = useState<string | null>(null);
  if (staff.isPending) return <Loading />;
  if (staff.isError) return <ErrorAlert error={staff.error} />;
  return (
    <div className="page" data-testid="staff-page">
      <div className="page-head">
        <h1>{t.staff}</h1>
        <p className="hint">{t.staffHint}</p>
      </div>
      {password && <Notice kind="success">{t.newPassword(password)}</Notice>}
      <ScrollTable label={t.staff}>
        <table className="table">
          <ColumnHeads columns={[t.fullName, t.login, t.role, t.state, admin && <span className="visually-hidden">{t.changeRole}</span>]} />
          <tbody>
            {staff.data.items.map((u) => (
              <StaffRow key={u.id} user={u} self={u.id === me.id} admin={admin} onPassword={setPassword} />
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {admin && <AddStaff onPassword={setPassword} />}
    </div>
  );
}

function StaffRow({ user: u, self, admin, onPassword }: { user: AdminUser; self: boolean; admin: boolean; onPassword: (p: string) => void }) {
  const t = ru.deskops;
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: staffKey });
  const path = { params: { path: { id: u.id } } };
  const act = useMutation({
    mutationFn: async (what: 'block' | 'unblock' | 'reset' | CentreRole) => {
      switch (what) {
        case 'block':
          return call(api.POST('/api/staff/{id}/disable', path));
        case 'unblock':
          return call(api.POST('/api/staff/{id}/enable', path));
        case 'reset': {
          const r = await call(api.POST('/api/staff/{id}/password', path));
          if (r && 'generatedPassword' in r) onPassword(`${u.login}: ${r.generatedPassword}`);
          return r;
        }
        default:
          return call(api.PUT('/api/staff/{id}/role', { ...path, body: { centreRole: what } }));
      }
    },
    onSuccess: done,
  });
  const role = u.centreRole ?? 'centre_admin';
  return (
    <tr data-testid="staff-row">
      <td>
        {u.name} {self && t.you}
      </td>
      <td>{u.login}</td>
      <td>
        {admin ? (
          <select aria-label={`${t.role}: ${u.login}`} value={role} disabled={act.isPending} onChange={(e) => act.mutate(e.target.value as CentreRole)}>
            {centreRoles.map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        ) : (
          t.roles[role]
        )}
      </td>
      <td>{u.disabled ? t.blocked : t.active}</td>
      {admin && (
        <td>
          {!self && (
            <button type="button" className="link-button" disabled={act.isPending} onClick={() => act.mutate(u.disabled ? 'unblock' : 'block')}>
              {u.disabled ? t.unblock : t.block}
            </button>
          )}{' '}
          <button type="button" className="link-button" disabled={act.isPending} onClick={() => act.mutate('reset')}>
            {t.resetPassword}
          </button>
          <ErrorAlert error={act.error} />
        </td>
      )}
    </tr>
  );
}

function AddStaff({ onPassword }: { onPassword: (p: string) => void }) {
  const t = ru.deskops;
  const qc = useQueryClient();
  const add = useMutation({
    mutationFn: (body: { login: string; name: string; email?: string; centreRole: CentreRole }) => call(api.POST('/api/staff', { body })),
    onSuccess: (r) => {
      if (r.generatedPassword) onPassword(`${r.user.login}: ${r.generatedPassword}`);
      return qc.invalidateQueries({ queryKey: staffKey });
    },
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const s = (k: string) => String(f.get(k) ?? '').trim();
    add.mutate(
      { login: s('login'), name: s('name'), ...(s('email') ? { email: s('email') } : {}), centreRole: s('centreRole') as CentreRole },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <section className="card" aria-labelledby="staff-add">
      <h2 id="staff-add">{t.addStaff}</h2>
      <form onSubmit={onSubmit} className="form" data-testid="staff-add">
        <label>
          {t.fullName} <input name="name" required maxLength={200} />
        </label>
        <label>
          {t.login} <input name="login" required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{2,63}" autoComplete="off" />
        </label>
        <label>
          {t.email} <input name="email" type="email" maxLength={254} />
        </label>
        <label>
          {t.role}{' '}
          <select name="centreRole" defaultValue="technician">
            {centreRoles.map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </label>
        <ErrorAlert error={add.error} />
        <button type="submit" className="button button--primary" disabled={add.isPending}>
          {add.isPending ? t.adding : t.addStaff}
        </button>
      </form>
    </section>
  );
}
