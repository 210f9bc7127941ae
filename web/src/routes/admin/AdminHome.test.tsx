// First: fetch must be stubbed before the API client module loads.
import { fetchMock, json, renderWithApi } from '../../testing/apiStub';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { ru } from '../../i18n/ru';
import AdminHome from './AdminHome';

const plainUsers = [
  { id: 'u-1', login: 'first', name: 'Первый', role: 'manager' },
  { id: 'u-2', login: 'second', name: 'Второй', role: 'manager' },
];
let users: object[];

beforeEach(() => {
  users = plainUsers;
  fetchMock.mockImplementation(async (req: Request) => {
    const path = new URL(req.url).pathname;
    if (req.method === 'GET' && path === '/api/admin/users') return json(200, { items: users });
    if (req.method === 'GET') return json(200, { items: [] });
    if (path === '/api/admin/users/u-2/password') return json(200, { generatedPassword: 'Gen-Reset-123456' });
    if (path === '/api/admin/users') return json(201, { user: { id: 'u-3', login: 'third', name: 'Третий', role: 'manager' }, generatedPassword: 'Gen-Create-654321' });
    return json(404, { message: 'Not Found' });
  });
});

function renderAdmin() {
  renderWithApi(<AdminHome />);
}

describe('the administrator’s one-time passwords', () => {
  it('appear in the row whose reset button was pressed and stay until dismissed', async () => {
    renderAdmin();
    // The file's first render and query: on a busy machine (the shared CI host) they took more than findBy's default second.
    const reset = await screen.findByRole('button', { name: `${ru.admin.resetPassword}: second` }, { timeout: 10_000 });
    fireEvent.click(reset);
    const secret = await screen.findByTestId('one-time-secret');
    expect(secret.textContent).toContain(ru.admin.generated('second', 'Gen-Reset-123456'));
    // Next to the button: the same table cell, not a banner at the top of the page.
    expect(secret.closest('td')).toBe(reset.closest('td'));
    expect(within(secret.closest('tr') as HTMLElement).queryByText('Второй')).not.toBeNull();
    expect(screen.queryByTestId('admin-message')).toBeNull();
    fireEvent.click(within(secret).getByRole('button', { name: ru.admin.dismissSecret }));
    await waitFor(() => expect(screen.queryByTestId('one-time-secret')).toBeNull());
  });

  it('appear beside the create button for a new user', async () => {
    renderAdmin();
    await screen.findByTestId('users-table');
    const section = within(screen.getByTestId('admin-users'));
    fireEvent.change(section.getByLabelText(ru.admin.login), { target: { value: 'third' } });
    fireEvent.change(section.getByLabelText(ru.admin.fullName), { target: { value: 'Третий' } });
    const create = section.getByRole('button', { name: ru.admin.create });
    fireEvent.click(create);
    const secret = await screen.findByTestId('one-time-secret');
    expect(secret.textContent).toContain('Gen-Create-654321');
    expect(create.nextElementSibling).toBe(secret);
  });
});

describe('«Разблокировать»', () => {
  it('is offered only for a user whose sign-in is locked, who is marked so', async () => {
    users = [
      { ...plainUsers[0], locked: false },
      { ...plainUsers[1], locked: true, lockedUntil: '2026-12-03T12:15:00Z' },
    ];
    renderAdmin();
    expect(await screen.findByRole('button', { name: `${ru.admin.unlock}: second` })).toBeTruthy();
    expect(screen.queryByRole('button', { name: `${ru.admin.unlock}: first` })).toBeNull();
    const row = (login: string) => screen.getByTestId('users-table').querySelector(`tr[data-login="${login}"]`) as HTMLElement;
    expect(row('second').textContent).toContain(ru.admin.userLocked);
    expect(row('first').textContent).not.toContain(ru.admin.userLocked);
  });
});
