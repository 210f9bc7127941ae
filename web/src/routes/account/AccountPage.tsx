import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import type { MailMode } from '../../api/types';
import { Notice } from '../../components/ui';
import { usePageTitle } from '../../components/usePageTitle';
import { ru } from '../../i18n/ru';
import { meKey, signedIn, useMe, type SignedIn } from '../../session';

const t = ru.mailChoice;
const modes: MailMode[] = ['immediate', 'digest'];

/**
 * One's own account: how the events of acts reach one by e-mail — a mail
 * for each at once, or all of them in the morning's digest (acts.md) — and
 * the way to the password change.
 */
export default function AccountPage() {
  const me = useMe().data;
  usePageTitle(ru.accountPage.title);
  return (
    <div className="page page--narrow">
      <h1>{ru.accountPage.title}</h1>
      {me && <MailChoice me={me} />}
      <p>
        <Link to="/me/password" className="button button--secondary">
          {ru.account.link}
        </Link>
      </p>
    </div>
  );
}

function MailChoice({ me }: { me: SignedIn }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<MailMode>(me.mail ?? 'immediate');
  const save = useMutation<SignedIn, ApiProblem, MailMode>({
    mutationFn: async (mail) => signedIn(await call(api.PUT('/api/me/mail', { body: { mail } }))),
    onSuccess: (user) => queryClient.setQueryData(meKey, user),
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    save.mutate(mode);
  };
  const saved = save.isSuccess && save.data.mail === mode;
  return (
    <form className="card form" onSubmit={onSubmit} aria-labelledby={`${id}-t`} data-testid="mail-choice">
      <h2 id={`${id}-t`}>{t.title}</h2>
      <p className="muted">{t.intro}</p>
      <fieldset className="field">
        <legend>{t.legend}</legend>
        {modes.map((m) => (
          <label key={m} className="check">
            <input
              type="radio"
              name="mail"
              value={m}
              checked={mode === m}
              onChange={() => {
                setMode(m);
                save.reset();
              }}
            />
            {t.options[m]}
          </label>
        ))}
      </fieldset>
      {save.isError && (
        <p className="alert alert--error" role="alert">
          {save.error.status === 0 ? ru.errors.network : save.error.message}
        </p>
      )}
      {saved && <Notice kind="success">{t.saved[mode]}</Notice>}
      <button type="submit" className="button button--primary" disabled={save.isPending || mode === (me.mail ?? 'immediate')}>
        {save.isPending ? t.saving : t.save}
      </button>
    </form>
  );
}
