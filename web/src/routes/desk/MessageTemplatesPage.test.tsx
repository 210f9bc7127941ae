// First: fetch must be stubbed before the API client module loads.
import { fetchMock, json, renderWithApi } from '../../testing/apiStub';
import { QueryClient } from '@tanstack/react-query';
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { ru } from '../../i18n/ru';
import { meKey } from '../../session';
import MessageTemplatesPage from './MessageTemplatesPage';

const t = ru.deskmsg;

const view = {
  templates: [{ event: 'status:ready', channel: 'sms', enabled: true, text: '{центр}: готово. {адрес_центра}' }],
  reminderDays: 3,
  centrePhone: '',
  centreAddress: 'г. Санкт-Петербург, ул. Садовая, д. 10',
  centreHours: 'пн–пт 9:00–19:00',
  legalName: 'ООО «Север-Сервис»',
  inn: '7707083893',
  version: 4,
  placeholders: [{ name: '{адрес_центра}', meaning: 'адрес сервисного центра' }],
  previews: [{ text: 'СЦ «Север»: готово. г. Санкт-Петербург, ул. Садовая, д. 10', sms: { chars: 57, parts: 1, unicode: true } }],
};

let answer: (body: Record<string, unknown>) => Response;
let bodies: Record<string, unknown>[];

beforeEach(() => {
  bodies = [];
  answer = (body) => json(200, { ...view, ...body, version: 5 });
  fetchMock.mockImplementation(async (req: Request) => {
    const url = new URL(req.url);
    if (url.pathname === '/api/desk/message-templates' && req.method === 'GET') return json(200, view);
    if (url.pathname === '/api/desk/message-templates' && req.method === 'PUT') {
      const body = (await req.json()) as Record<string, unknown>;
      bodies.push(body);
      return answer(body);
    }
    return json(404, { message: 'Not Found' });
  });
});

function renderPage(centreRole?: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(meKey, { id: 'u1', login: 'sc-north', name: 'Сергей', role: 'service_center', centreRole });
  renderWithApi(<MessageTemplatesPage />, '/desk/messages', client);
}

const innField = () => screen.getByLabelText(/^ИНН/) as HTMLInputElement;
const legalField = () => screen.getByLabelText(t.legalName, { exact: false }) as HTMLInputElement;

describe('the centre’s message settings and requisites', () => {
  it('shows the stored legal name and INN under the documents’ heading and saves them with the version', async () => {
    renderPage();
    const group = await screen.findByRole('group', { name: t.requisites });
    expect(within(group).getByText(t.requisitesHint)).toBeTruthy();
    expect(legalField().value).toBe('ООО «Север-Сервис»');
    expect(innField().value).toBe('7707083893');
    expect(innField().getAttribute('inputmode')).toBe('numeric');
    fireEvent.change(legalField(), { target: { value: 'ИП Северов Сергей Сергеевич' } });
    fireEvent.change(innField(), { target: { value: '500100732259' } });
    fireEvent.click(screen.getByRole('button', { name: t.save }));
    expect(await screen.findByText(t.saved)).toBeTruthy();
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({
      legalName: 'ИП Северов Сергей Сергеевич',
      inn: '500100732259',
      centreAddress: 'г. Санкт-Петербург, ул. Садовая, д. 10',
      centreHours: 'пн–пт 9:00–19:00',
      version: 4,
    });
  });

  it('shows a refused INN’s reason in Russian on the field and keeps what was typed', async () => {
    answer = () =>
      json(400, {
        error: {
          code: 'invalid',
          message: 'Проверьте поля',
          fields: [{ field: 'inn', code: 'invalid_inn', message: 'неверная контрольная сумма ИНН' }],
        },
      });
    renderPage();
    await screen.findByRole('group', { name: t.requisites });
    expect(innField().getAttribute('aria-invalid')).toBeNull();
    fireEvent.change(innField(), { target: { value: '7707083894' } });
    fireEvent.click(screen.getByRole('button', { name: t.save }));
    const error = await screen.findByText('неверная контрольная сумма ИНН');
    expect(innField().closest('label')?.contains(error)).toBe(true);
    expect(innField().getAttribute('aria-invalid')).toBe('true');
    expect(innField().value).toBe('7707083894');
    expect(screen.queryByText(t.saved)).toBeNull();
  });

  it('lets reception read the requisites but not change them', async () => {
    renderPage('reception');
    await screen.findByRole('group', { name: t.requisites });
    expect(screen.getByText(t.readOnly)).toBeTruthy();
    // The page's fieldset is disabled for everyone but the admin: every control in it is.
    expect(innField().matches(':disabled')).toBe(true);
    expect(legalField().matches(':disabled')).toBe(true);
    expect(screen.getByRole('button', { name: t.save }).matches(':disabled')).toBe(true);
  });
});
