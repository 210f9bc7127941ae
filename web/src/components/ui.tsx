// Small building blocks the role screens share.
import { type ReactNode } from 'react';
import { NavLink } from 'react-router';
import { ApiProblem } from '../api/problem';
import type { CentreRole, Role } from '../api/types';
import { ru } from '../i18n/ru';

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge--${status}`}>{ru.status[status] ?? status}</span>;
}

/** A failure as a person reads it. */
export function ErrorAlert({ error, prefix }: { error: unknown; prefix?: string }) {
  if (!error) return null;
  const text = error instanceof ApiProblem ? error.message : ru.errors.network;
  return (
    <p className="alert alert--error" role="alert">
      {prefix ? `${prefix} ` : ''}
      {text}
    </p>
  );
}

export function Notice({ children, kind = 'info' }: { children: ReactNode; kind?: 'info' | 'success' | 'warning' }) {
  return (
    <p className={`alert alert--${kind}`} role="status">
      {children}
    </p>
  );
}

const links: Record<Role, Array<[string, string]>> = {
  service_center: [
    ['/', ru.nav.acts],
    ['/acts/new', ru.nav.newAct],
    ['/shipments', ru.nav.shipments],
    ['/desk', ru.desk.nav],
    ['/statement', ru.ledger.centreNav],
    ['/agenda', ru.agenda.nav],
  ],
  manager: [
    ['/', ru.nav.queue],
    ['/acts', ru.nav.allActs],
    ['/shipments', ru.nav.shipments],
    ['/policies', ru.nav.policies],
    ['/ledger', ru.ledger.nav],
  ],
  key_user: [
    ['/', ru.nav.imports],
    ['/outlets', ru.nav.outlets],
    ['/routes', ru.nav.routes],
  ],
  admin: [
    ['/', ru.nav.admin],
    ['/acts', ru.nav.allActs],
    ['/imports', ru.nav.imports],
    ['/shipments', ru.nav.shipments],
  ],
};

/**
 * A centre user's sections by their centre role (issue 14): a technician
 * works from «Мои заказы», not the front desk; the admin also keeps the staff.
 */
function centreLinks(centreRole: CentreRole): Array<[string, string]> {
  const t = ru.deskops;
  const base = links.service_center.filter(([to]) => centreRole !== 'technician' || to !== '/desk');
  const mine: Array<[string, string]> = centreRole === 'technician' ? [['/desk/mine', t.myOrders]] : [];
  const staff: Array<[string, string]> = centreRole === 'centre_admin' ? [['/desk/staff', t.staff]] : [];
  return [...base, ...mine, ['/desk/price-list', t.priceList], ...staff];
}

/** The role's sections. */
export function RoleNav({ role, centreRole }: { role: Role; centreRole?: CentreRole }) {
  const items = role === 'service_center' ? centreLinks(centreRole ?? 'centre_admin') : (links[role] ?? []);
  return (
    <nav className="role-nav" aria-label={ru.nav.label}>
      <ul>
        {items.map(([to, label]) => (
          <li key={to}>
            <NavLink to={to} end>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Whole days between a moment and now. */
export function daysSince(iso: string | undefined, now = Date.now()): number {
  if (!iso) return 0;
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? 0 : Math.max(0, Math.floor((now - t) / 86_400_000));
}

export function newKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
