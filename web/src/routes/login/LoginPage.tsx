import { useId, useRef, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { AppShell } from '../../components/AppShell';
import { usePageTitle } from '../../components/usePageTitle';
import { ru } from '../../i18n/ru';
import { useLogin, useMe } from '../../session';
import { describeLoginFailure, safeNext, type LoginFailure } from './loginFailure';

type FieldName = 'login' | 'password';

/** Sign-in form. The API sets the session cookie; nothing is stored in the browser. */
export function LoginPage() {
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const changed = params.get('changed') === '1';
  const [values, setValues] = useState({ login: '', password: '' });
  const [failure, setFailure] = useState<LoginFailure | null>(null);
  const inputs = { login: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };
  const id = useId();
  usePageTitle(ru.login.title);

  if (me.data) return <Navigate to={next} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const credentials = { login: values.login.trim(), password: values.password };
    const missing: LoginFailure['fields'] = {};
    if (!credentials.login) missing.login = ru.login.loginRequired;
    if (!credentials.password) missing.password = ru.login.passwordRequired;
    if (missing.login || missing.password) {
      setFailure({ message: '', fields: missing, locked: false });
      inputs[missing.login ? 'login' : 'password'].current?.focus();
      return;
    }
    setFailure(null);
    login.mutate(credentials, {
      onSuccess: () => navigate(next, { replace: true }),
      onError: (problem) => {
        const f = describeLoginFailure(problem);
        setFailure(f);
        const first: FieldName | undefined = f.fields.login ? 'login' : f.fields.password ? 'password' : undefined;
        if (first) inputs[first].current?.focus();
        else if (!f.locked) {
          setValues((v) => ({ ...v, password: '' }));
          inputs.password.current?.focus();
        }
      },
    });
  };

  const field = (name: FieldName, label: string, type: string, autoComplete: string) => {
    const error = failure?.fields[name];
    const inputId = `${id}-${name}`;
    const errorId = `${inputId}-error`;
    return (
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <input
          id={inputId}
          ref={inputs[name]}
          name={name}
          type={type}
          autoComplete={autoComplete}
          autoCapitalize="none"
          spellCheck={false}
          required
          value={values[name]}
          onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        {error && (
          <p id={errorId} className="field-error">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <AppShell user={null}>
      <div className="page page--narrow login">
        <h1>{ru.login.title}</h1>
        <p className="muted">{ru.login.intro}</p>
        <form className="card form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
          <h2 id={`${id}-title`} className="visually-hidden">
            {ru.login.title}
          </h2>
          {changed && !failure && (
            <p className="alert alert--success" role="status">
              {ru.account.changed}
            </p>
          )}
          {failure?.message && (
            <p className={failure.locked ? 'alert alert--warning' : 'alert alert--error'} role="alert" data-testid="login-alert">
              {failure.message}
            </p>
          )}
          {field('login', ru.login.loginLabel, 'text', 'username')}
          {field('password', ru.login.passwordLabel, 'password', 'current-password')}
          <button type="submit" className="button button--primary button--block" disabled={login.isPending}>
            {login.isPending ? ru.login.submitting : ru.login.submit}
          </button>
        </form>
      </div>
    </AppShell>
  );
}
