// The printed documents' buttons (issue 15): download a PDF, open it in a new
// tab to print from the browser's viewer, or have the server e-mail it.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiProblem, toProblem } from '../api/problem';
import { ru } from '../i18n/ru';
import { saveBlob } from '../lib/upload';
import { ErrorAlert } from './ui';

type BlobResult = { data?: unknown; response: Response };

/** The PDF of an openapi-fetch call made with `parseAs: 'blob'`, or the API's problem. */
export async function pdfOf(request: Promise<BlobResult>): Promise<Blob> {
  let res: BlobResult;
  try {
    res = await request;
  } catch {
    throw ApiProblem.network();
  }
  if (!res.response.ok) {
    const body = await res.response
      .clone()
      .json()
      .catch(() => null);
    throw toProblem(res.response.status, body);
  }
  return res.data as Blob;
}

/** One document: how to fetch its PDF, and (optionally) to e-mail it. */
export type DocumentSpec = {
  key: string;
  label: string;
  fileName: string;
  fetch: () => Promise<Blob>;
  email?: (to: string) => Promise<{ to: string }>;
};

/**
 * Download, print and e-mail buttons for a few documents. E-mails go to the
 * typed address, or (empty) to the one the server knows (`emailHint` says which).
 */
export function DocumentActions({ docs, emailHint, onSent }: { docs: DocumentSpec[]; emailHint?: string; onSent?: () => void }) {
  const t = ru.documents;
  const [to, setTo] = useState('');
  const [sent, setSent] = useState('');
  const download = useMutation({
    mutationFn: async (d: DocumentSpec) => saveBlob(await d.fetch(), d.fileName),
  });
  const print = useMutation({
    mutationFn: async ({ d, tab }: { d: DocumentSpec; tab: Window | null }) => {
      try {
        const url = URL.createObjectURL(await d.fetch());
        if (tab) tab.location.href = url;
        else window.location.assign(url);
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } catch (err) {
        tab?.close();
        throw err;
      }
    },
  });
  const email = useMutation({
    mutationFn: async (d: DocumentSpec) => ({ doc: d.label, sent: await d.email!(to.trim()) }),
    onSuccess: (r) => {
      setSent(t.sent(r.doc, r.sent.to));
      onSent?.();
    },
  });
  const canEmail = docs.some((d) => d.email);
  const busy = download.isPending || print.isPending;
  return (
    <section className="card" aria-labelledby="documents-title" data-testid="documents">
      <h2 id="documents-title">{t.title}</h2>
      <ul className="documents">
        {docs.map((d) => (
          <li key={d.key} data-testid={`document-${d.key}`}>
            <span>{d.label}</span>{' '}
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => download.mutate(d)}>
              {t.download}
            </button>{' '}
            <button
              type="button"
              className="button button--secondary"
              disabled={busy}
              // The tab is opened within the click, so no pop-up blocker stops it; the PDF follows.
              onClick={() => print.mutate({ d, tab: window.open('', '_blank') })}
            >
              {t.print}
            </button>{' '}
            {d.email && (
              <button type="button" className="button" disabled={email.isPending} onClick={() => (setSent(''), email.mutate(d))}>
                {email.isPending && email.variables?.key === d.key ? t.sending : t.email}
              </button>
            )}
          </li>
        ))}
      </ul>
      {canEmail && (
        <form className="form form--inline" onSubmit={(e: FormEvent) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="documents-to">{t.to}</label>
            <input id="documents-to" type="email" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby="documents-to-hint" />
            {emailHint && (
              <p id="documents-to-hint" className="hint">
                {emailHint}
              </p>
            )}
          </div>
        </form>
      )}
      {busy && <p className="muted">{t.preparing}</p>}
      {sent && (
        <p className="alert alert--success" role="status">
          {sent}
        </p>
      )}
      <ErrorAlert error={download.error ?? print.error} prefix={t.failed} />
      <ErrorAlert error={email.error} prefix={t.sendFailed} />
    </section>
  );
}
