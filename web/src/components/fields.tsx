// Form fields the screens' filters and choices share.
import { type ChangeEvent, type ReactNode } from 'react';
import { ru } from '../i18n/ru';

/**
 * A labelled `<select>` in a form's field: its first option, `none`, has the
 * value '' («any» in a filter, «choose» where a value is needed); `options`
 * are value–label pairs.
 */
export function ChoiceField({
  id,
  label,
  value,
  onChange,
  none,
  options,
  required,
}: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (e: ChangeEvent<HTMLSelectElement>) => void;
  none: string;
  options: Array<readonly [string, string]>;
  required?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={onChange} required={required}>
        <option value="">{none}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A filter form's «Применить» (submits it) and «Сбросить». */
export function FilterButtons({ onReset }: { onReset: () => void }) {
  return (
    <div className="filters__buttons">
      <button type="submit" className="button button--primary">
        {ru.queue.apply}
      </button>
      <button type="button" className="button" onClick={onReset}>
        {ru.queue.reset}
      </button>
    </div>
  );
}
