import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRouter } from 'react-router';
import type { CentreRole } from '../api/types';
import { ru } from '../i18n/ru';
import { RoleNav } from './ui';

afterEach(cleanup);

function labels(centreRole?: CentreRole): string[] {
  render(
    <MemoryRouter>
      <RoleNav role="service_center" centreRole={centreRole} />
    </MemoryRouter>,
  );
  return screen.getAllByRole('link').map((a) => a.textContent ?? '');
}

describe('a centre user’s sections follow their centre role (service-centre.md «Roles»)', () => {
  it('gives a technician «Мои заказы» instead of the front desk', () => {
    const got = labels('technician');
    expect(got).toContain(ru.deskops.myOrders);
    expect(got).toContain(ru.deskops.priceList);
    expect(got).not.toContain(ru.desk.nav);
    expect(got).not.toContain(ru.deskops.staff);
  });

  it('gives reception the front desk and the price list, not the staff', () => {
    const got = labels('reception');
    expect(got).toContain(ru.desk.nav);
    expect(got).toContain(ru.deskops.priceList);
    expect(got).not.toContain(ru.deskops.staff);
    expect(got).not.toContain(ru.deskops.myOrders);
  });

  it('gives the centre admin — also an account without a centre role — the staff', () => {
    expect(labels('centre_admin')).toContain(ru.deskops.staff);
    cleanup();
    expect(labels(undefined)).toContain(ru.deskops.staff);
  });
});
