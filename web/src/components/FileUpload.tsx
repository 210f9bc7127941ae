import { useId, useRef, useState } from 'react';
import { api } from '../api/client';
import { ApiProblem, call } from '../api/problem';
import type { ActFile, FileKind } from '../api/types';
import { ru } from '../i18n/ru';
import { checkFile, postToStorage } from '../lib/upload';

type State =
  | { phase: 'idle' }
  | { phase: 'uploading'; name: string; progress: number }
  | { phase: 'failed'; file: File; message: string }
  | { phase: 'done'; name: string };

const pdfKinds: FileKind[] = ['warranty_card_or_receipt', 'customer_statement', 'other'];

/** Why a file was refused before upload (lib/upload.ts checkFile), in words. */
const refusedText: Record<'too_large' | 'empty' | 'type' | 'photo_only', string> = {
  too_large: ru.files.tooLarge,
  empty: ru.files.empty,
  type: ru.files.badType,
  photo_only: ru.files.photoOnly,
};

/**
 * One file input for one kind of file: checks size and type here, asks the
 * API for a presigned POST, sends the bytes straight to storage with a
 * progress bar, and offers a retry when that fails.
 */
export function FileUpload({
  kind,
  label,
  getActId,
  onUploaded,
  testId,
}: {
  kind: FileKind;
  label: string;
  getActId: () => Promise<string | null>;
  onUploaded: (file: ActFile) => void;
  testId?: string;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const allowPdf = pdfKinds.includes(kind);

  const upload = async (file: File) => {
    const check = checkFile(file, allowPdf);
    if (!check.ok) {
      setState({ phase: 'failed', file, message: refusedText[check.reason] });
      return;
    }
    setState({ phase: 'uploading', name: file.name, progress: 0 });
    try {
      const actId = await getActId();
      if (!actId) throw new ApiProblem({ status: 0, code: 'no_act', message: ru.form.photosNeedSave });
      const started = await call(
        api.POST('/api/acts/{id}/files', {
          params: { path: { id: actId } },
          body: { kind, contentType: check.contentType, size: file.size, name: file.name.slice(0, 255) },
        }),
      );
      await postToStorage(started.upload, file, (p) => setState({ phase: 'uploading', name: file.name, progress: p }));
      setState({ phase: 'done', name: file.name });
      onUploaded(started.file);
    } catch (err) {
      const message = err instanceof ApiProblem ? `${ru.files.failed} ${err.message}` : ru.files.failed;
      setState({ phase: 'failed', file, message });
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  const busy = state.phase === 'uploading';
  return (
    <div className="upload" data-testid={testId ?? `upload-${kind}`}>
      <label htmlFor={id} className="upload__label">
        {label}
      </label>
      <input
        id={id}
        ref={input}
        type="file"
        accept={allowPdf ? 'image/jpeg,image/png,image/webp,image/heic,application/pdf' : 'image/jpeg,image/png,image/webp,image/heic'}
        disabled={busy}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void upload(f);
        }}
      />
      {state.phase === 'uploading' && (
        <div className="upload__progress">
          <label htmlFor={`${id}-p`}>{ru.files.uploading(state.name)}</label>
          <progress id={`${id}-p`} max={1} value={state.progress} />
        </div>
      )}
      {state.phase === 'failed' && (
        <div className="upload__failed">
          <p className="field-error" role="alert">
            {state.message}
          </p>
          {state.message.startsWith(ru.files.failed) && (
            <button type="button" className="button" onClick={() => void upload(state.file)}>
              {ru.files.retry}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
