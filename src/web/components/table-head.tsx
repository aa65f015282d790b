// The header row of a GOV.UK table whose column headings are plain text.
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead className="govuk-table__head">
      <tr className="govuk-table__row">
        {columns.map((column) => (
          <th scope="col" className="govuk-table__header" key={column}>
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
