// A labelled drop-down in GOV.UK markup for a filter form: one choice that means "any", then the
// options. The audit log and the people list filter with it.
export type FilterOption = { value: string; label: string };

export function FilterSelect({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** In the order shown; the "any" choice is one of them, with value "". */
  options: readonly FilterOption[];
}) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      <select className="govuk-select" id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
