import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import type { ImportProcedure, LoadProtocol } from '../../api/types';
import { Loading } from '../../components/Status';
import { ErrorAlert, Notice } from '../../components/ui';
import { ColumnHeads, ScrollTable } from '../../components/table';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDateTime } from '../../lib/format';
import { postToStorage } from '../../lib/upload';
import { ru } from '../../i18n/ru';

const MAX_IMPORT = 20 * 1024 * 1024;
const procedures: ImportProcedure[] = ['outlets-update', 'outlets-first-load', 'routes'];

export function LoadStatusBadge({ p }: { p: LoadProtocol }) {
  return (
    <span className={`badge badge--load-${p.status}`} data-status={p.status}>
      {p.statusText}
    </span>
  );
}

function Uploader({ onStarted }: { onStarted: (uploadId: string) => void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [procedure, setProcedure] = useState<ImportProcedure>('outlets-update');
  const [checkOnly, setCheckOnly] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [over, setOver] = useState(false);

  const pick = (f: File | undefined) => {
    setDone(false);
    setError(null);
    if (!f) return;
    if (!/\.xlsx?$/i.test(f.name)) {
      setFileError(ru.imports.badName);
      setFile(null);
    } else if (f.size > MAX_IMPORT) {
      setFileError(ru.imports.tooLarge);
      setFile(null);
    } else {
      setFileError(null);
      setFile(f);
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    pick(e.dataTransfer.files[0]);
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setFileError(ru.imports.drop);
      return;
    }
    setError(null);
    setProgress(0);
    try {
      const started = await call(api.POST('/api/imports', { body: { procedure, fileName: file.name, checkOnly } }));
      await postToStorage(started.upload, file, setProgress);
      setDone(true);
      setFile(null);
      if (input.current) input.current.value = '';
      onStarted(started.uploadId);
    } catch (err) {
      // A refused file name (wrong procedure, wrong pattern) is said under the file, in the API's words.
      if (err instanceof ApiProblem && err.fields.fileName) setFileError(err.fields.fileName);
      else setError(err instanceof ApiProblem ? err : new ApiProblem({ status: 0, code: 'upload', message: ru.imports.failed }));
    } finally {
      setProgress(null);
    }
  };

  return (
    <form className="card form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>{ru.imports.uploadTitle}</h2>
      <fieldset className="field radios">
        <legend>{ru.imports.procedure}</legend>
        {procedures.map((p) => (
          <label key={p} className="check">
            <input type="radio" name="procedure" value={p} checked={procedure === p} onChange={() => setProcedure(p)} />
            {ru.imports.procedures[p]}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={checkOnly} onChange={(e) => setCheckOnly(e.target.checked)} />
        {ru.imports.checkOnly}
      </label>
      <div
        className={over ? 'dropzone dropzone--over' : 'dropzone'}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label htmlFor={`${id}-file`}>{ru.imports.drop}</label>
        <input id={`${id}-file`} ref={input} type="file" accept=".xlsx,.xls" onChange={(e) => pick(e.target.files?.[0])} aria-describedby={`${id}-hint`} />
        <p id={`${id}-hint`} className="hint">
          {file ? file.name : ru.imports.fileHint}
        </p>
      </div>
      {fileError && (
        <p className="field-error" role="alert">
          {fileError}
        </p>
      )}
      {progress !== null && (
        <div>
          <label htmlFor={`${id}-p`}>{ru.imports.uploading}</label>
          <progress id={`${id}-p`} max={1} value={progress} />
        </div>
      )}
      <ErrorAlert error={error} />
      {done && <Notice kind="success">{ru.imports.uploaded}</Notice>}
      <button type="submit" className="button button--primary" disabled={progress !== null}>
        {ru.imports.start}
      </button>
    </form>
  );
}

/** Protocols, refreshed every 2 s while a load is still processing (or one just started). */
function Protocols({ waitingFor }: { waitingFor: string | null }) {
  const list = useQuery({
    queryKey: ['protocols'],
    queryFn: () => call(api.GET('/api/imports/protocols', { params: { query: { limit: 50 } } })),
    refetchInterval: (q) => {
      const items = q.state.data?.items ?? [];
      const waiting = waitingFor && !items.some((p) => p.uploadId === waitingFor);
      return waiting || items.some((p) => p.status === 'processing') ? 2000 : false;
    },
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  const items = list.data.items;
  return (
    <section className="card" aria-labelledby="protocols-title">
      <h2 id="protocols-title">{ru.imports.protocols}</h2>
      {items.length === 0 ? (
        <p className="empty">{ru.imports.noProtocols}</p>
      ) : (
        <ScrollTable label={ru.imports.protocols}>
          <table className="table" data-testid="protocols">
            <ColumnHeads columns={[ru.imports.colSeq, ru.imports.colFile, ru.imports.colProcedure, ru.imports.colStatus, ru.imports.colCounts, ru.imports.colWhen]} />
            <tbody>
              {items.map((p) => (
                <tr key={p.id} data-upload={p.uploadId}>
                  <td>
                    <Link to={`/imports/${p.id}`}>{p.seq ?? '—'}</Link>
                  </td>
                  <td>
                    <Link to={`/imports/${p.id}`}>{p.fileName}</Link>
                    {p.checkOnly && <span className="muted"> · {ru.imports.checkOnlyMark}</span>}
                  </td>
                  <td>{p.procedureTitle ?? ru.imports.procedures[p.procedure ?? ''] ?? ''}</td>
                  <td>
                    <LoadStatusBadge p={p} />
                  </td>
                  <td>
                    {p.counts.total} / {p.counts.withErrors}
                  </td>
                  <td>{formatDateTime(p.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}

/** The key user's workspace: upload and protocols. */
export default function ImportsHome() {
  usePageTitle(ru.home.byRole.key_user.title);
  const queryClient = useQueryClient();
  const [waitingFor, setWaitingFor] = useState<string | null>(null);
  return (
    <div className="page" data-testid="home-key_user">
      <h1>{ru.home.byRole.key_user.title}</h1>
      <Uploader
        onStarted={(u) => {
          setWaitingFor(u);
          void queryClient.invalidateQueries({ queryKey: ['protocols'] });
        }}
      />
      <Protocols waitingFor={waitingFor} />
    </div>
  );
}
