import type { ReactNode } from 'react';

/** Class names of a header cell and a body cell. */
export const cellClass = {
  th: 'whitespace-nowrap px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500',
  td: 'px-3 py-3 align-top',
};

/**
 * A table that scrolls sideways on a phone rather than squeezing its columns (inside a Card); with
 * `stack`, its rows become cards on a phone instead (each cell needs `data-label`, its column's name).
 * The scrolling frame takes the keyboard focus, so a table without links can be scrolled by keys too.
 */
export function DataTable({
  label,
  testId,
  head,
  stack = false,
  children,
}: {
  label: string;
  testId?: string;
  head: ReactNode[];
  stack?: boolean;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
      tabIndex={0}
      className="-mx-5 overflow-x-auto px-5 focus-visible:outline-2 focus-visible:outline-indigo-600"
    >
      <table
        className={`min-w-full divide-y divide-slate-200 text-sm ${stack ? 'table-stack' : ''}`}
        data-testid={testId}
      >
        <thead>
          <tr>
            {head.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns, never reordered
              <th key={i} scope="col" className={cellClass.th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </section>
  );
}
