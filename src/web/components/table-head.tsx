// The header row of a GOV.UK table whose column headings are plain text. A last column of
// buttons or links (hiddenLast) has a heading only screen readers announce.
export function TableHead({ columns, hiddenLast }: { columns: readonly string[]; hiddenLast?: string }) {
  return (
    <thead className="govuk-table__head">
      <tr className="govuk-table__row">
        {columns.map((column) => (
          <th scope="col" className="govuk-table__header" key={column}>
            {column}
          </th>
        ))}
        {hiddenLast ? (
          <th scope="col" className="govuk-table__header">
            <span className="govuk-visually-hidden">{hiddenLast}</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}
