import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone } from './phone';

// The same cases as the back end's shared/phone/phone_test.go, so the client
// accepts exactly what the API accepts.
describe('normalizePhone', () => {
  it.each([
    ['a number with the trunk 8 and brackets', '8 (934) 734-12-34', '+79347341234'],
    ['an international number with spaces', '+7 934 7341234', '+79347341234'],
    ['eleven bare digits starting with 8', '89347341234', '+79347341234'],
    ['eleven digits starting with 7 without a plus', '7 934 734 12 34', '+79347341234'],
    ['ten national digits', '9347341234', '+79347341234'],
    ['an E.164 number', '+79347341234', '+79347341234'],
    ['a Moscow landline', '+7 (495) 380-00-14', '+74953800014'],
    ['surrounding spaces and a non-breaking space', '  8\u00a0934 734-12-34 ', '+79347341234'],
    ['dots between groups', '8.934.734.12.34', '+79347341234'],
    ['an en dash between groups', '8 934 734\u201312\u201334', '+79347341234'],
  ])('accepts %s', (_name, input, want) => {
    expect(normalizePhone(input)).toBe(want);
  });

  it.each([
    ['an empty string', ''],
    ['words', 'позвоните Ивану'],
    ['an extension', '8 934 734-12-34 доб. 5'],
    ['too few digits', '934 734-12'],
    ['too many digits', '8 934 734-12-345'],
    ['a plus with the trunk 8', '+8 934 734-12-34'],
    ['a plus with only ten digits', '+9347341234'],
    ['a plus in the middle', '8 934+7341234'],
    ['a Kazakh number', '+7 701 234-56-78'],
    ['a foreign country code', '+380 44 123 4567'],
    ['an HTML payload', '<b>89347341234</b>'],
  ])('rejects %s', (_name, input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

describe('formatPhone', () => {
  it.each([
    ['a mobile number is grouped for reading', '+79347341234', '+7 934 734-12-34'],
    ['a landline is grouped the same way', '+74953800014', '+7 495 380-00-14'],
    ['a value that is not E.164 is shown unchanged', '89347341234', '89347341234'],
    ['a short number is shown unchanged', '+7934', '+7934'],
    ['an empty value stays empty', '', ''],
  ])('%s', (_name, input, want) => {
    expect(formatPhone(input)).toBe(want);
  });
});
