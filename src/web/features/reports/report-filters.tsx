// The dashboard's and board report's filters: a GOV.UK form applied with a button, checked before
// it applies (a date range that ends before it starts gets an error, and nothing typed is lost).
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ReportFilters } from '#shared/domain/report-model.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import { AGENCIES, AGENCY_LABELS } from '#shared/schemas/framework.ts';
import { KEY_STAGES, PRIMARY_NEEDS, SETTING_TYPES } from '#shared/schemas/plan.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { describeKeyStage, describeSettingType } from '#web/components/plan-labels.ts';

type Field = 'cycle' | 'from' | 'to' | 'keyStage' | 'need' | 'setting' | 'agency';

export function ReportFiltersForm({
  cycles,
  filters,
  onApply,
  fields,
}: {
  cycles: Cycle[];
  filters: ReportFilters;
  onApply: (filters: ReportFilters) => void;
  fields: readonly Field[];
}) {
  const [draft, setDraft] = useState<Record<Field, string>>({
    cycle: filters.cycleId ?? '',
    from: filters.from ?? '',
    to: filters.to ?? '',
    keyStage: filters.keyStage ?? '',
    need: filters.primaryNeed ?? '',
    setting: filters.settingType ?? '',
    agency: filters.agency ?? '',
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const set = (field: Field) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: FieldError[] = [];
    if (draft.from && draft.to && draft.to < draft.from) {
      problems.push({ fieldId: 'filter-to', message: 'The end date must be the same as or after the start date' });
    }
    setErrors(problems);
    if (problems.length > 0) return;
    onApply({
      cycleId: draft.cycle || undefined,
      from: draft.from || undefined,
      to: draft.to || undefined,
      keyStage: (draft.keyStage || undefined) as ReportFilters['keyStage'],
      primaryNeed: (draft.need || undefined) as ReportFilters['primaryNeed'],
      settingType: (draft.setting || undefined) as ReportFilters['settingType'],
      agency: (draft.agency || undefined) as ReportFilters['agency'],
    });
  };

  const select = (field: Field, label: string, options: [string, string][], anyLabel: string) => (
    <div className="govuk-form-group app-report-filter" key={field}>
      <label className="govuk-label" htmlFor={`filter-${field}`}>
        {label}
      </label>
      <select className="govuk-select" id={`filter-${field}`} value={draft[field]} onChange={set(field)}>
        <option value="">{anyLabel}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const date = (field: 'from' | 'to', label: string) => {
    const error = errors.find((e) => e.fieldId === `filter-${field}`);
    return (
      <div className={`govuk-form-group app-report-filter${error ? ' govuk-form-group--error' : ''}`} key={field}>
        <label className="govuk-label" htmlFor={`filter-${field}`}>
          {label}
        </label>
        {error ? <ErrorMessage id={`filter-${field}-error`}>{error.message}</ErrorMessage> : null}
        <input
          className={`govuk-input govuk-input--width-10${error ? ' govuk-input--error' : ''}`}
          type="date"
          id={`filter-${field}`}
          value={draft[field]}
          onChange={set(field)}
          aria-describedby={error ? `filter-${field}-error` : undefined}
        />
      </div>
    );
  };

  const controls: Record<Field, () => ReactNode> = {
    cycle: () =>
      select(
        'cycle',
        'Cycle',
        cycles.map((c) => [c.id, c.name]),
        'All cycles',
      ),
    from: () => date('from', 'From (date agreed)'),
    to: () => date('to', 'To (date agreed)'),
    keyStage: () =>
      select(
        'keyStage',
        'Key stage',
        KEY_STAGES.map((k) => [k, describeKeyStage(k)]),
        'All key stages',
      ),
    need: () =>
      select(
        'need',
        'Primary need',
        PRIMARY_NEEDS.map((n) => [n, n]),
        'All primary needs',
      ),
    setting: () =>
      select(
        'setting',
        'Setting type',
        SETTING_TYPES.map((s) => [s, describeSettingType(s)]),
        'All settings',
      ),
    agency: () =>
      select(
        'agency',
        'Agency',
        AGENCIES.map((a) => [a, AGENCY_LABELS[a]]),
        'All agencies',
      ),
  };

  return (
    <form onSubmit={submit} noValidate className="app-report-filters">
      <ErrorSummary errors={errors} />
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Filters</legend>
        <div className="app-report-filter-grid">{fields.map((f) => controls[f]())}</div>
      </fieldset>
      <button type="submit" className="govuk-button govuk-button--secondary">
        Apply filters
      </button>
    </form>
  );
}
