import { useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import { usePageTitle } from '../../components/usePageTitle';
import { ru } from '../../i18n/ru';
import { meKey, useMe } from '../../session';

type FieldName = 'currentPassword' | 'newPassword' | 'repeatPassword';
type Errors = Partial<Record<FieldName, string>> & { form?: string };

const t = ru.account;

/** The fields' own checks, before the API is asked: empty fields and a mistyped repeat. */
export function checkPasswordForm(v: Record<FieldName, string>): Errors {
  const e: Errors = {};
  if (!v.currentPassword) e.currentPassword = t.currentRequired;
  if (!v.newPassword) e.newPassword = t.newRequired;
  else if (v.newPassword !== v.repeatPassword) e.repeatPassword = t.mismatch;
  return e;
}

/**
 * One's own password: the current one, then the new one twice. The API ends
 * every session of the user on success, this one too, so the client forgets
 * who was signed in and sends them to sign in with the new password.
 */
export default function PasswordPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const id = useId();
  const [values, setValues] = useState<Record<FieldName, string>>({ currentPassword: '', newPassword: '', repeatPassword: '' });
  const [errors, setErrors] = useState<Errors>({});
  const refs = {
    currentPassword: useRef<HTMLInputElement>(null),
    newPassword: useRef<HTMLInputElement>(null),
    repeatPassword: useRef<HTMLInputElement>(null),
  };
  const forced = useMe().data?.passwordChangeRequired === true;
  usePageTitle(t.title);

  const change = useMutation<void, ApiProblem, { currentPassword: string; newPassword: string }>({
    mutationFn: async (body) => {
      await call(api.POST('/api/me/password', { body }));
    },
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(meKey, null);
      navigate('/login?changed=1', { replace: true });
    },
  });

  const focusFirst = (e: Errors) => {
    const first = (['currentPassword', 'newPassword', 'repeatPassword'] as const).find((f) => e[f]);
    if (first) refs[first].current?.focus();
  };

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const local = checkPasswordForm(values);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      focusFirst(local);
      return;
    }
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onError: (p) => {
          const e: Errors = { currentPassword: p.fields.currentPassword, newPassword: p.fields.newPassword };
          if (!e.currentPassword && !e.newPassword) e.form = p.message;
          setErrors(e);
          focusFirst(e);
        },
      },
    );
  };

  const field = (name: FieldName, label: string, autoComplete: string, hint?: string) => {
    const inputId = `${id}-${name}`;
    const error = errors[name];
    const described = [hint && `${inputId}-hint`, error && `${inputId}-error`].filter(Boolean).join(' ');
    return (
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <input
          id={inputId}
          ref={refs[name]}
          name={name}
          type="password"
          autoComplete={autoComplete}
          required
          value={values[name]}
          onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
          aria-invalid={error ? true : undefined}
          aria-describedby={described || undefined}
        />
        {hint && (
          <p id={`${inputId}-hint`} className="muted">
            {hint}
          </p>
        )}
        {error && (
          <p id={`${inputId}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <div className="page page--narrow">
      <h1>{t.title}</h1>
      {forced && (
        <p className="alert alert--warning" data-testid="password-forced">
          {t.forced}
        </p>
      )}
      <p className="muted">{t.intro}</p>
      <form className="card form" onSubmit={onSubmit} noValidate aria-label={t.title}>
        {errors.form && (
          <p className="alert alert--error" role="alert">
            {errors.form}
          </p>
        )}
        {field('currentPassword', t.current, 'current-password')}
        {field('newPassword', t.next, 'new-password', t.rules)}
        {field('repeatPassword', t.repeat, 'new-password')}
        <button type="submit" className="button button--primary button--block" disabled={change.isPending}>
          {change.isPending ? t.submitting : t.submit}
        </button>
      </form>
    </div>
  );
}
