// What someone typed into the act form, kept in sessionStorage as they type so
// a reload (or a lost connection) loses nothing. Only the form's content is
// kept — never a token; the session stays in the HttpOnly cookie.
export interface LocalDraft<T = unknown> {
  /** The form as typed. */
  form: T;
  /** The form as the API last saved it (what a PATCH is diffed against). */
  saved: T;
  /** The step the user was on. */
  step: number;
  /** The API act once the first save created it. */
  actId?: string;
  /** The version the typed fields are based on. */
  version?: number;
  /** Whether something typed has not reached the API yet. */
  dirty: boolean;
  /** The Idempotency-Key of the create, so a retried create never files twice. */
  createKey?: string;
  savedAt: number;
}

const prefix = 'aftersales.act-draft.';

export function draftKey(userId: string, actId: string | undefined): string {
  return `${prefix}${userId}.${actId ?? 'new'}`;
}

export function readDraft<T>(key: string): LocalDraft<T> | null {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return null;
    const d = JSON.parse(raw) as LocalDraft<T>;
    return typeof d === 'object' && d && typeof d.form === 'object' ? d : null;
  } catch {
    return null;
  }
}

export function writeDraft<T>(key: string, draft: LocalDraft<T>) {
  try {
    sessionStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or refused: the API copy still saves as they go.
  }
}

export function clearDraft(key: string) {
  try {
    sessionStorage.removeItem(key);
  } catch {
    /* nothing to clear */
  }
}
