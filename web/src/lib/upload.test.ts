import { describe, expect, it } from 'vitest';
import { checkFile, MAX_FILE_BYTES } from './upload';

describe('the checks before an upload', () => {
  it('takes a PDF only where the server does (receipts, statements, other)', () => {
    const pdf = { name: 'чек.pdf', type: 'application/pdf', size: 1000 };
    expect(checkFile(pdf, true)).toEqual({ ok: true, contentType: 'application/pdf' });
    // A PDF in a photo slot is told «photos only», not «нужен … или PDF».
    expect(checkFile(pdf, false)).toEqual({ ok: false, reason: 'photo_only' });
  });

  it('says what a slot takes when the type is unknown', () => {
    const doc = { name: 'акт.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 1000 };
    expect(checkFile(doc, true)).toEqual({ ok: false, reason: 'type' });
    expect(checkFile(doc, false)).toEqual({ ok: false, reason: 'photo_only' });
  });

  it('refuses empty and oversized files before the type', () => {
    expect(checkFile({ name: 'a.png', type: 'image/png', size: 0 }, false)).toEqual({ ok: false, reason: 'empty' });
    expect(checkFile({ name: 'a.png', type: 'image/png', size: MAX_FILE_BYTES + 1 }, false)).toEqual({ ok: false, reason: 'too_large' });
    expect(checkFile({ name: 'a.png', type: 'image/png', size: MAX_FILE_BYTES }, false)).toEqual({ ok: true, contentType: 'image/png' });
  });
});
