import { describe, expect, it } from 'vitest';
import { ApiProblem, toProblem } from '../../api/problem';
import { ru } from '../../i18n/ru';
import { describeLoginFailure, safeNext } from './loginFailure';

describe('describeLoginFailure', () => {
  it('says when a locked account may try again, in Moscow time', () => {
    const f = describeLoginFailure(
      toProblem(423, {
        error: {
          code: 'locked',
          message: 'Учётная запись заблокирована',
          details: { retryAt: '2026-05-01T09:15:00Z' },
        },
      }),
    );
    expect(f.locked).toBe(true);
    expect(f.message).toContain('01.05.2026 12:15');
    expect(f.message).toBe(ru.login.locked('01.05.2026 12:15 МСК'));
  });

  it("falls back to the API's message when a lockout has no retry time", () => {
    const f = describeLoginFailure(toProblem(423, { error: { code: 'locked', message: 'Вход заблокирован' } }));
    expect(f).toEqual({ message: 'Вход заблокирован', fields: {}, locked: true });
  });

  it('does not tell a wrong login from a wrong password', () => {
    const f = describeLoginFailure(toProblem(401, { error: { code: 'unauthorized', message: 'Неверный пароль' } }));
    expect(f.message).toBe(ru.login.wrongCredentials);
    expect(f.locked).toBe(false);
  });

  it('puts field errors under the login and password fields', () => {
    const f = describeLoginFailure(
      toProblem(400, {
        error: {
          code: 'invalid',
          message: 'Проверьте заполнение полей',
          fields: [
            { field: 'password', code: 'required', message: 'Введите пароль' },
            { field: 'other', code: 'invalid', message: 'x' },
          ],
        },
      }),
    );
    expect(f.fields).toEqual({ password: 'Введите пароль' });
    expect(f.message).toBe(ru.errors.fields);
  });

  it("shows the API's own message for a disabled account", () => {
    const f = describeLoginFailure(toProblem(403, { error: { code: 'forbidden', message: 'Учётная запись отключена' } }));
    expect(f).toEqual({ message: 'Учётная запись отключена', fields: {}, locked: false });
  });

  it('says there is no connection when nothing answered', () => {
    expect(describeLoginFailure(ApiProblem.network()).message).toBe(ru.errors.network);
  });
});

describe('safeNext', () => {
  it.each([
    [null, '/'],
    ['/acts/42?tab=history', '/acts/42?tab=history'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['acts', '/'],
  ])('%j → %j', (raw, want) => {
    expect(safeNext(raw)).toBe(want);
  });
});
