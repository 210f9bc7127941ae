// The act form as typed (strings, as inputs hold them) and its conversion to
// and from the API's ActFields.
import type { ActFields, Customer, Device, Repair } from '../../api/types';
import { formatDate } from '../../lib/format';
import { normalizePhone } from '../../lib/phone';
import { parseTypedDate, typedFromISO } from '../../lib/typedDate';
import { ru } from '../../i18n/ru';

export interface PartRow {
  name: string;
  schemeNumber: string;
  quantity: string;
  ownPart: boolean;
  price: string;
}

export interface FormState {
  category: string;
  article: string;
  serialNumber: string;
  noSerial: boolean;
  complaint: string;
  appearance: string;
  saleDate: string;
  acceptedDate: string;
  completeness: string;
  warrantyCard: string;
  refusal14: boolean;
  paidOrder: boolean;
  internalNumber: string;
  mechanic: string;
  diagnosis: string;
  conclusion: string;
  warrantyCase: boolean;
  parts: PartRow[];
  customerName: string;
  customerPhone: string;
  sellerOrganization: string;
  complexity: string;
  productState: string;
  repairEndDate: string;
}

export const emptyPart = (): PartRow => ({ name: '', schemeNumber: '', quantity: '1', ownPart: false, price: '' });

export const emptyForm = (): FormState => ({
  category: '',
  article: '',
  serialNumber: '',
  noSerial: false,
  complaint: '',
  appearance: '',
  saleDate: '',
  acceptedDate: '',
  completeness: '',
  warrantyCard: '',
  refusal14: false,
  paidOrder: false,
  internalNumber: '',
  mechanic: '',
  diagnosis: '',
  conclusion: '',
  warrantyCase: false,
  parts: [],
  customerName: '',
  customerPhone: '',
  sellerOrganization: '',
  complexity: '',
  productState: '',
  repairEndDate: '',
});

const texts = ['category', 'article', 'complaint', 'internalNumber', 'mechanic', 'diagnosis', 'conclusion', 'customerName', 'sellerOrganization'] as const;
const choices = ['appearance', 'completeness', 'productState'] as const;
/** Dates are held as typed (ДД.ММ.ГГГГ) and sent as ISO; one that does not parse is not sent, and the form says why. */
export const dateFields = ['saleDate', 'acceptedDate', 'repairEndDate'] as const;
const flags = ['noSerial', 'refusal14', 'paidOrder', 'warrantyCase'] as const;

export function fromApi(a: ActFields): FormState {
  const f = emptyForm();
  for (const k of texts) f[k] = a[k] ?? '';
  for (const k of choices) f[k] = (a[k] as string | undefined) ?? '';
  for (const k of dateFields) f[k] = typedFromISO(a[k] ?? '');
  for (const k of flags) f[k] = a[k] ?? false;
  f.serialNumber = a.noSerial ? '' : (a.serialNumber ?? '');
  f.warrantyCard = a.warrantyCard === undefined ? '' : a.warrantyCard ? 'yes' : 'no';
  f.customerPhone = a.customerPhone ?? '';
  f.complexity = a.complexity ? String(a.complexity) : '';
  f.parts = (a.parts ?? []).map((p) => ({
    name: p.name,
    schemeNumber: p.schemeNumber ?? '',
    quantity: String(p.quantity),
    ownPart: p.ownPart ?? false,
    price: p.price === undefined ? '' : String(p.price),
  }));
  return f;
}

function partsToApi(parts: PartRow[]): NonNullable<ActFields['parts']> {
  return parts
    .filter((p) => p.name.trim() || p.schemeNumber.trim() || p.price.trim())
    .map((p) => {
      const q = Number.parseInt(p.quantity, 10);
      const price = p.price.trim() === '' ? undefined : Number(p.price.replace(',', '.').replace(/\s/g, ''));
      return {
        name: p.name.trim(),
        ...(p.schemeNumber.trim() ? { schemeNumber: p.schemeNumber.trim() } : {}),
        quantity: Number.isFinite(q) ? q : 0,
        ownPart: p.ownPart,
        ...(price !== undefined ? { price: Number.isFinite(price) ? price : -1 } : {}),
      };
    });
}

/** Every field as the API takes it; empty ones left out. */
export function toApi(f: FormState): ActFields {
  const out: ActFields = {};
  for (const k of texts) if (f[k].trim()) out[k] = f[k].trim();
  for (const k of choices) if (f[k]) (out as Record<string, unknown>)[k] = f[k];
  for (const k of dateFields) {
    const iso = parseTypedDate(f[k]);
    if (iso && iso !== 'invalid') out[k] = iso;
  }
  for (const k of flags) out[k] = f[k];
  if (f.noSerial) out.serialNumber = 'Б/Н';
  else if (f.serialNumber.trim()) out.serialNumber = f.serialNumber.trim().toUpperCase();
  if (f.warrantyCard) out.warrantyCard = f.warrantyCard === 'yes';
  if (f.customerPhone.trim()) out.customerPhone = normalizePhone(f.customerPhone) ?? f.customerPhone.trim();
  if (f.complexity) out.complexity = Number(f.complexity);
  const parts = partsToApi(f.parts);
  if (parts.length) out.parts = parts;
  return out;
}

/** What changed since `saved`, as a PATCH body: a text emptied is sent as "", parts whole. */
export function diff(saved: FormState, now: FormState): ActFields {
  const a = toApi(saved) as Record<string, unknown>;
  const b = toApi(now) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[k]) === JSON.stringify(b[k])) continue;
    if (k in b) out[k] = b[k];
    else if (k === 'parts') out[k] = [];
    else if ((texts as readonly string[]).includes(k) || k === 'customerPhone' || k === 'serialNumber') out[k] = '';
  }
  return out as ActFields;
}

const step2 = new Set(['internalNumber', 'mechanic', 'diagnosis', 'conclusion', 'warrantyCase']);
const step4 = new Set(['customerName', 'customerPhone', 'sellerOrganization', 'complexity', 'productState', 'repairEndDate']);

/** `parts[0].price` → `parts.0.price`. */
export function fieldKey(apiField: string): string {
  return apiField.replace(/\[(\d+)\]/g, '.$1');
}

/**
 * The fields an act needs before it can be submitted (a draft may lack any), as
 * the server checks them (shared/acts/validate.go, requiredAtSubmit), plus each
 * part's name. The form marks them; serialNumber only while «нет серийного номера» is off.
 */
export const requiredAtSubmit: ReadonlySet<string> = new Set([
  'category',
  'article',
  'serialNumber',
  'complaint',
  'appearance',
  'saleDate',
  'acceptedDate',
  'completeness',
  'warrantyCard',
  'mechanic',
  'diagnosis',
  'conclusion',
  'customerName',
  'customerPhone',
  'sellerOrganization',
  'complexity',
  'productState',
]);

/** The step (0–3) a field sits on. */
export function stepOf(field: string): number {
  const k = fieldKey(field);
  if (k.startsWith('parts')) return 2;
  if (step2.has(k)) return 1;
  if (step4.has(k) || k.startsWith('files') || k.startsWith('photo')) return 3;
  return 0;
}

/**
 * The form field a refused API field belongs to (`parts[1].price` → `parts`:
 * rows are saved whole), or null when the form has no such field.
 */
export function formFieldOf(apiField: string): keyof FormState | null {
  const k = fieldKey(apiField);
  const head = k.split('.')[0] as string;
  return head in emptyForm() ? (head as keyof FormState) : null;
}

/** `body` without the given form fields (a save keeps the valid fields when others are refused). */
export function omitFields(body: ActFields, fields: Iterable<keyof FormState>): ActFields {
  const out = { ...body } as Record<string, unknown>;
  for (const f of fields) delete out[f];
  return out as ActFields;
}

/** `now` with the given fields as they were in `saved`: what the server holds after a save that left them out. */
export function revertFields(now: FormState, saved: FormState, fields: Iterable<keyof FormState>): FormState {
  const out = { ...now } as Record<string, unknown>;
  for (const f of fields) out[f] = saved[f];
  return out as unknown as FormState;
}

/** The steps (0–3) that hold a field with an error, in order. */
export function stepsWithErrors(fields: Iterable<string>): number[] {
  return [...new Set([...fields].map(stepOf))].sort((a, b) => a - b);
}

const labelOf: Record<string, string> = {
  serialNumber: ru.form.serial,
  sellerOrganization: ru.form.seller,
  parts: ru.form.parts,
  name: ru.form.partName,
  schemeNumber: ru.form.partScheme,
  quantity: ru.form.partQty,
  ownPart: ru.form.partOwn,
  price: ru.form.partPrice,
};

/** The field's label as the form shows it: `parts.1.price` → «Строка 2: Цена запчасти, ₽». */
export function fieldLabel(key: string): string {
  const [head, row, sub] = fieldKey(key).split('.');
  const own = (k: string) => {
    const v = labelOf[k] ?? (ru.form as Record<string, unknown>)[k];
    return typeof v === 'string' ? v : k;
  };
  if (head === 'parts' && row !== undefined && /^\d+$/.test(row)) return sub ? `${ru.form.partRow(Number(row) + 1)}: ${own(sub)}` : ru.form.partRow(Number(row) + 1);
  return own(head ?? key);
}

/**
 * A new act pre-filled from a front-desk repair order, its device and customer,
 * so nothing the reception typed is typed again. The act's free-text choices
 * (appearance, completeness) are left for the centre: the order's are prose.
 */
export function fromRepair(r: Repair, d: Device, c: Customer): FormState {
  const f = emptyForm();
  f.category = d.category;
  f.article = [d.maker, d.model].filter(Boolean).join(' ');
  f.serialNumber = d.serial ?? '';
  f.noSerial = !d.serial;
  f.complaint = r.complaint;
  f.saleDate = typedFromISO(d.saleDate ?? '');
  f.acceptedDate = formatDate(r.createdAt); // the intake's day in Moscow, as the form types dates
  f.warrantyCard = d.warrantyCard ? 'yes' : 'no';
  f.internalNumber = r.number;
  f.customerName = c.name;
  f.customerPhone = c.phones[0] ?? '';
  f.sellerOrganization = d.seller ?? '';
  return f;
}
