// Russian counts: «1 акт», «3 дня», «5 дней», «21 день», «1,5 дня». One helper
// for every number a screen puts before a noun, so no screen writes «дн.» or
// «3 дня» by hand. The noun forms live in ru.ts with the other strings.

/** A noun's forms for one (1, 21), few (2–4, 22) and many (5–20, 25); a fraction takes «few» (1,5 дня). */
export type NounForms = readonly [one: string, few: string, many: string];

const rules = new Intl.PluralRules('ru-RU');

/** The form of `forms` that goes with `n`. */
export function plural(n: number, forms: NounForms): string {
  switch (rules.select(n)) {
    case 'one':
      return forms[0];
    case 'many':
      return forms[2];
    default:
      return forms[1]; // 'few', and 'other' for fractions
  }
}

/** `n` and its noun: «1 акт», «12 дней», «1,5 дня» (decimal comma). */
export function count(n: number, forms: NounForms): string {
  return `${String(n).replace('.', ',')} ${plural(n, forms)}`;
}
