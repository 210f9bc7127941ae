// What the login screen says when signing in fails.
import type { ApiProblem } from '../../api/problem';
import { ru } from '../../i18n/ru';
import { formatDateTime } from '../../lib/format';

export interface LoginFailure {
  /** The message above the form (role="alert"). */
  message: string;
  /** Messages under the login and password fields. */
  fields: { login?: string; password?: string };
  locked: boolean;
}

/**
 * A lockout (423) says until when, in Moscow time, from `error.details.retryAt`;
 * a wrong login or password says so without telling which; field errors go
 * under their fields; anything else shows the API's own Russian message.
 */
export function describeLoginFailure(problem: ApiProblem): LoginFailure {
  if (problem.status === 423 || problem.code === 'locked') {
    return {
      message: problem.retryAt ? ru.login.locked(formatDateTime(problem.retryAt)) : problem.message,
      fields: {},
      locked: true,
    };
  }
  if (problem.status === 401) {
    return { message: ru.login.wrongCredentials, fields: {}, locked: false };
  }
  const fields: LoginFailure['fields'] = {};
  if (problem.fields.login) fields.login = problem.fields.login;
  if (problem.fields.password) fields.password = problem.fields.password;
  const hasFields = Object.keys(problem.fields).length > 0;
  return { message: hasFields ? ru.errors.fields : problem.message, fields, locked: false };
}

/** Where to go after signing in: only a path of this site, never another origin. */
export function safeNext(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  return raw;
}
