import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import { Loading } from '../../components/Status';
import { ErrorAlert, Notice } from '../../components/ui';
import { usePageTitle } from '../../components/usePageTitle';
import { ru } from '../../i18n/ru';

/** How the page hands the signed link to the browser; a prop so tests can watch it. */
export type Go = (url: string) => void;

const assign: Go = (url) => window.location.assign(url);

/**
 * `/exports/:id?distributor=…`: the page a background export's e-mail links
 * to. The mail cannot carry an S3 link (one signed by the function's role
 * dies with its session, long before 7 days), so this page asks the API for
 * a fresh 5-minute link on every visit and click and starts the download;
 * an expired (410) or missing (404) export is explained instead.
 */
export default function ExportPage({ go = assign }: { go?: Go }) {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const distributor = search.get('distributor') ?? '';
  const [state, setState] = useState<'loading' | 'started' | 'failed'>('loading');
  const [problem, setProblem] = useState<unknown>(null);
  usePageTitle(ru.directory.exportTitle);

  const download = useCallback(async () => {
    setProblem(null);
    try {
      const link = await call(
        api.GET('/api/outlets/exports/{id}', { params: { path: { id }, query: distributor ? { distributor } : {} } }),
      );
      go(link.url);
      setState('started');
    } catch (err) {
      setProblem(err);
      setState('failed');
    }
  }, [id, distributor, go]);

  // One automatic start per page view (StrictMode runs effects twice).
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void download();
  }, [download]);

  const gone = problem instanceof ApiProblem && problem.status === 410;
  return (
    <div className="page" data-testid="export-page">
      <h1>{ru.directory.exportTitle}</h1>
      {state === 'loading' && <Loading />}
      {state === 'started' && (
        <>
          <Notice kind="success">{ru.directory.exportStarted}</Notice>
          <button type="button" className="button" onClick={() => void download()}>
            {ru.directory.exportAgain}
          </button>
        </>
      )}
      {state === 'failed' && (
        <>
          <ErrorAlert error={problem} />
          {gone && <p>{ru.directory.exportGoneHint}</p>}
          <p>
            <Link to="/outlets">{ru.directory.toOutlets}</Link>
          </p>
        </>
      )}
    </div>
  );
}
