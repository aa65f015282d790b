// A GOV.UK table with a caption and column headers, for the HTML versions of the reports.
export function ReportTable({
  caption,
  head,
  rows,
  numeric = [],
}: {
  caption: string;
  head: string[];
  rows: string[][];
  /** Column indexes that hold numbers, right-aligned as the Design System asks. */
  numeric?: number[];
}) {
  const cls = (i: number, base: string) => `${base}${numeric.includes(i) ? ` ${base}--numeric` : ''}`;
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {head.map((h, i) => (
            <th key={i} scope="col" className={cls(i, 'govuk-table__header')}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row, r) => (
          <tr key={r} className="govuk-table__row">
            {row.map((cell, i) =>
              i === 0 ? (
                <th key={i} scope="row" className="govuk-table__header">
                  {cell}
                </th>
              ) : (
                <td key={i} className={cls(i, 'govuk-table__cell')}>
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
