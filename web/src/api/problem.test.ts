import { describe, expect, it } from 'vitest';
import { ru } from '../i18n/ru';
import { ApiProblem, call, fieldMessages, toProblem } from './problem';

const res = (status: number) => new Response(null, { status });

describe('fieldMessages', () => {
  it('maps each field to its Russian message, the first problem of a field winning', () => {
    expect(
      fieldMessages([
        { field: 'serial', code: 'required', message: 'Укажите серийный номер' },
        { field: 'serial', code: 'too_long', message: 'Слишком длинный' },
        { field: 'customer.phone', code: 'invalid', message: 'Неверный телефон' },
      ]),
    ).toEqual({ serial: 'Укажите серийный номер', 'customer.phone': 'Неверный телефон' });
  });

  it('falls back to a text by code when the API sends no message', () => {
    expect(fieldMessages([{ field: 'model', code: 'required', message: ' ' }])).toEqual({ model: 'Заполните поле' });
    expect(fieldMessages([{ field: 'model', code: 'strange', message: '' }])).toEqual({ model: ru.errors.fieldFallback });
  });

  it('gives nothing for no fields', () => {
    expect(fieldMessages(undefined)).toEqual({});
  });
});

describe('toProblem', () => {
  it('keeps the API code, Russian message and fields', () => {
    const p = toProblem(400, {
      error: {
        code: 'invalid',
        message: 'Проверьте заполнение полей',
        fields: [{ field: 'login', code: 'required', message: 'Введите логин' }],
      },
    });
    expect(p).toBeInstanceOf(ApiProblem);
    expect(p.status).toBe(400);
    expect(p.code).toBe('invalid');
    expect(p.message).toBe('Проверьте заполнение полей');
    expect(p.fields).toEqual({ login: 'Введите логин' });
  });

  it('reads a lockout retry time from details', () => {
    const p = toProblem(423, {
      error: { code: 'locked', message: 'Заблокировано', details: { retryAt: '2026-05-01T09:15:00Z' } },
    });
    expect(p.retryAt?.toISOString()).toBe('2026-05-01T09:15:00.000Z');
  });

  it('ignores a retry time that is not a time', () => {
    expect(toProblem(423, { error: { code: 'locked', message: 'x', details: { retryAt: 'soon' } } }).retryAt).toBeUndefined();
  });

  it('never shows the text of an internal error', () => {
    const p = toProblem(500, { error: { code: 'internal', message: 'dynamodb: ConditionalCheckFailed' } });
    expect(p.message).toBe(ru.errors.internal);
  });

  it('treats the gateway refusing the session as signed out, but not a role refusal', () => {
    expect(toProblem(403, { message: 'Forbidden' }).isSignedOut).toBe(true);
    expect(toProblem(401, { error: { code: 'unauthorized', message: 'Войдите' } }).isSignedOut).toBe(true);
    expect(toProblem(403, { error: { code: 'forbidden', message: 'Нет доступа' } }).isSignedOut).toBe(false);
  });

  it('says what happened for an answer without the error envelope', () => {
    expect(toProblem(502, 'Bad Gateway').message).toBe(ru.errors.internal);
    expect(toProblem(404, { message: 'Not Found' }).message).toBe(ru.errors.unexpected(404));
  });
});

describe('call', () => {
  it('returns the data of a 2xx answer', async () => {
    await expect(call(Promise.resolve({ data: { ok: 1 }, response: res(200) }))).resolves.toEqual({ ok: 1 });
  });

  it('throws an ApiProblem for a non-2xx answer, even one with an empty body', async () => {
    const err = await call(Promise.resolve({ error: undefined, response: res(401) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiProblem);
    expect((err as ApiProblem).status).toBe(401);
  });

  it('turns a failed fetch into a network problem that says nothing was saved', async () => {
    const err = await call(Promise.reject(new TypeError('Failed to fetch'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiProblem);
    expect((err as ApiProblem).status).toBe(0);
    expect((err as ApiProblem).message).toMatch(/Ничего не сохранено/);
  });
});
