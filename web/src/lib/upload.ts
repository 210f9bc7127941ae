// Uploads one file straight to storage with the presigned POST form the API
// answered: the form's fields first, then the file as `file`. XMLHttpRequest
// (not fetch) because only it reports upload progress.
import type { FileContentType, UploadForm } from '../api/types';

export const MAX_FILE_BYTES = 8 * 1024 * 1024;

const byExtension: Record<string, FileContentType> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
};

/** The content type to declare for a file, or null when the API would not take it. */
export function contentTypeOf(file: { name: string; type: string }): FileContentType | null {
  const declared = file.type.toLowerCase();
  if (Object.values(byExtension).includes(declared as FileContentType)) return declared as FileContentType;
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return byExtension[ext] ?? null;
}

export type FileCheck = { ok: true; contentType: FileContentType } | { ok: false; reason: 'too_large' | 'empty' | 'type' | 'photo_only' };

/** The checks the API and storage make, done before a byte is sent. */
export function checkFile(file: { name: string; type: string; size: number }, allowPdf = true): FileCheck {
  if (file.size === 0) return { ok: false, reason: 'empty' };
  if (file.size > MAX_FILE_BYTES) return { ok: false, reason: 'too_large' };
  const ct = contentTypeOf(file);
  if (!ct) return { ok: false, reason: allowPdf ? 'type' : 'photo_only' };
  // A PDF where only a photo goes (a nameplate, a defect): said so, not «нужен … или PDF».
  if (!allowPdf && ct === 'application/pdf') return { ok: false, reason: 'photo_only' };
  return { ok: true, contentType: ct };
}

export class UploadFailed extends Error {
  constructor(readonly status: number) {
    super(`upload failed (${status})`);
  }
}

/** Posts the form and the file; `onProgress` gets 0..1. Rejects with UploadFailed (status 0: no answer). */
export function postToStorage(form: UploadForm, file: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(form.fields)) body.append(k, v);
    body.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new UploadFailed(xhr.status));
    };
    xhr.onerror = () => reject(new UploadFailed(0));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

/** Saves a blob under a name, as a download. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
