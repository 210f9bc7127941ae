// The pieces of a data table the screens share.
import { type ReactNode } from 'react';

/**
 * A wide table that scrolls sideways inside itself on a phone instead of
 * widening the page; a labelled region in the tab order, so the keyboard can
 * scroll it too (axe: scrollable-region-focusable).
 */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/**
 * A table's header row, a `<th scope="col">` a column. A column this screen
 * leaves out is `false`; an empty string is a header without text (a column
 * of buttons).
 */
export function ColumnHeads({ columns }: { columns: Array<ReactNode | false> }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) =>
          c === false ? null : (
            <th scope="col" key={i}>
              {c}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
