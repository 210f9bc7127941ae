// The ledger's calls and the small pieces its two screens share.
import { api } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import type { Payer } from '../../api/types';
import { ru } from '../../i18n/ru';
import { saveBlob } from '../../lib/upload';

/** Today in Moscow, YYYY-MM-DD, for a date field's default. */
export function today(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The claim document's formats: the workbook (orders-api) and its PDF twin (documents-api). */
export type ClaimFormat = 'xlsx' | 'pdf';

const claimPaths = {
  xlsx: '/api/ledger/payers/{payer}/claim-document',
  pdf: '/api/ledger/payers/{payer}/claim-document.pdf',
} as const;

/** Downloads a payer's (one party's) claim document of a month as .xlsx or PDF. */
export async function downloadClaim(payer: Payer, month: string, party: string, format: ClaimFormat = 'xlsx'): Promise<void> {
  const res = await api.GET(claimPaths[format], {
    params: { path: { payer }, query: { month, ...(party ? { party } : {}) } },
    parseAs: 'blob',
  });
  if (!res.response.ok) {
    const body = await res.response.clone().json().catch(() => null);
    throw new ApiProblem({ status: res.response.status, code: 'claim', message: body?.error?.message ?? ru.ledger.downloadFailed });
  }
  saveBlob(res.data as Blob, `pretenziya-${payer}-${month}.${format}`);
}
