// Create a cycle: name, period, framework version and sample rule, with a live preview of the
// sample's make-up against the whole plan list. The preview draws with the shared drawSample on
// the same plan list the server samples from, so it shows exactly the plans the server will draw.
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { drawSample, SamplingError } from '#shared/domain/sampling.ts';
import type { CreateCycleRequest, FrameworkSummary } from '#shared/protocol/api.ts';
import { SAMPLE_STRATA } from '#shared/schemas/cycle.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import { describeCycleApiFailure } from '#web/sync/cycle-api.ts';
import { LoadFailure, LoadingStatus } from '#web/components/load-state.tsx';
import { useCycleApi, useLoaded } from './use-cycle-api.ts';
import { percent, STRATUM_LABEL, type Stratum } from './labels.ts';
import { sampleMakeUp } from './sample-make-up.ts';

export type CycleForm = {
  name: string;
  periodStart: string;
  periodEnd: string;
  framework: string;
  method: 'random' | 'stratified';
  size: string;
  seed: string;
  strata: Stratum[];
};

const MAX_SEED = 2 ** 31 - 1;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (value: string) => ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));

const randomSeed = (): number => Math.floor(Math.random() * MAX_SEED);

/** Checks the form; returns the request to send, or the errors by field. */
export function validateCycleForm(form: CycleForm): { request?: CreateCycleRequest; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = form.name.trim();
  if (!name) errors.push({ fieldId: 'name', message: 'Enter a name for the cycle' });
  else if (name.length > 120) errors.push({ fieldId: 'name', message: 'The name must be 120 characters or fewer' });
  if (!isDate(form.periodStart))
    errors.push({ fieldId: 'period-start', message: 'Enter the date the cycle starts, like 2026-04-13' });
  if (!isDate(form.periodEnd))
    errors.push({ fieldId: 'period-end', message: 'Enter the date the cycle ends, like 2026-07-22' });
  else if (isDate(form.periodStart) && form.periodEnd < form.periodStart)
    errors.push({ fieldId: 'period-end', message: 'The end date must be the same as or after the start date' });
  const [frameworkId, version] = form.framework.split('@');
  if (!frameworkId || !version) errors.push({ fieldId: 'framework', message: 'Select the framework version' });
  const size = Number(form.size.trim());
  if (!/^\d+$/.test(form.size.trim()) || size < 1 || size > 10_000)
    errors.push({ fieldId: 'size', message: 'Enter the sample size as a whole number from 1 to 10,000' });
  const seed = Number(form.seed.trim());
  if (!/^\d+$/.test(form.seed.trim()) || seed > MAX_SEED)
    errors.push({ fieldId: 'seed', message: `Enter the seed as a whole number from 0 to ${MAX_SEED}` });
  if (form.method === 'stratified' && form.strata.length === 0)
    errors.push({ fieldId: `stratum-${SAMPLE_STRATA[0]}`, message: 'Select at least one thing to stratify by' });
  if (errors.length > 0) return { errors };
  return {
    errors,
    request: {
      name,
      periodStart: form.periodStart,
      periodEnd: form.periodEnd,
      frameworkId: frameworkId ?? '',
      frameworkVersion: Number(version),
      sample: {
        method: form.method,
        size,
        seed,
        ...(form.method === 'stratified' ? { strata: SAMPLE_STRATA.filter((s) => form.strata.includes(s)) } : {}),
      },
    },
  };
}

/** Server issues by request path, onto the form's fields. */
function fieldForPath(path: string): string {
  if (path.startsWith('periodStart')) return 'period-start';
  if (path.startsWith('periodEnd')) return 'period-end';
  if (path.startsWith('framework')) return 'framework';
  if (path.startsWith('sample.seed')) return 'seed';
  if (path.startsWith('sample.size')) return 'size';
  if (path.startsWith('name')) return 'name';
  return 'size';
}

function SamplePreview({ plans, form }: { plans: Plan[]; form: CycleForm }) {
  // Only the sample fields matter to the preview: the rest may still be blank.
  const { request } = validateCycleForm({
    ...form,
    name: 'preview',
    periodStart: '2000-01-01',
    periodEnd: '2000-01-01',
    framework: 'preview@1',
  });
  const rule = request?.sample;
  const preview = useMemo(() => {
    if (!rule) return null;
    try {
      return drawSample(plans, rule);
    } catch (error) {
      if (error instanceof SamplingError) return null;
      throw error;
    }
  }, [plans, rule]);
  const shownStrata: Stratum[] =
    form.method === 'stratified' && form.strata.length > 0 ? form.strata : [...SAMPLE_STRATA];
  return (
    <section aria-labelledby="preview-heading" id="sample-preview">
      <h2 className="govuk-heading-m" id="preview-heading">
        Sample preview
      </h2>
      {preview ? (
        <>
          <p className="govuk-body" aria-live="polite" id="preview-summary">
            {preview.sample.length} of {plans.length} plans in the list will be sampled.
          </p>
          <details className="govuk-details">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">Plans in the sample</span>
            </summary>
            <div className="govuk-details__text" id="preview-plans">
              {preview.sample.join(', ')}
            </div>
          </details>
          {shownStrata.map((stratum) => {
            const rows = sampleMakeUp(plans, preview.sample, stratum);
            return (
              <table className="govuk-table" key={stratum} id={`make-up-${stratum}`}>
                <caption className="govuk-table__caption govuk-table__caption--s">{STRATUM_LABEL[stratum]}</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      {STRATUM_LABEL[stratum]}
                    </th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                      Plans in list
                    </th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                      % of list
                    </th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                      In sample
                    </th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                      % of sample
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {rows.map((row) => (
                    <tr className="govuk-table__row" key={row.value}>
                      <th scope="row" className="govuk-table__header">
                        {row.value}
                      </th>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{row.inList}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">
                        {percent(row.inList, plans.length)}
                      </td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{row.inSample}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">
                        {percent(row.inSample, preview.sample.length)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          })}
        </>
      ) : (
        <p className="govuk-body" id="preview-summary">
          Enter a sample size and seed to see the sample.
        </p>
      )}
    </section>
  );
}

function CreateCycleForm({ plans, frameworks }: { plans: Plan[]; frameworks: FrameworkSummary[] }) {
  const api = useCycleApi();
  const navigate = useNavigate();
  const [form, setForm] = useState<CycleForm>(() => ({
    name: '',
    periodStart: '',
    periodEnd: '',
    framework: frameworks.length === 1 && frameworks[0] ? `${frameworks[0].id}@${frameworks[0].version}` : '',
    method: 'random',
    size: '10',
    seed: String(randomSeed()),
    strata: [],
  }));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [isSending, setIsSending] = useState(false);
  usePageTitle('Create a cycle', errors.length > 0);
  const set = <K extends keyof CycleForm>(key: K, value: CycleForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const errorFor = (fieldId: string) => errors.find((e) => e.fieldId === fieldId)?.message;

  const onSubmit = async () => {
    const checked = validateCycleForm(form);
    setErrors(checked.errors);
    if (!checked.request) return;
    setIsSending(true);
    try {
      const created = await api.createCycle(checked.request);
      void navigate(`/cycles/${encodeURIComponent(created.cycle.id)}/assign`);
    } catch (error) {
      const issues = error instanceof ApiFailure ? (error.issues ?? []) : [];
      setErrors(
        issues.length > 0
          ? issues.map((i) => ({ fieldId: fieldForPath(i.path), message: i.message }))
          : [{ fieldId: 'name', message: describeCycleApiFailure(error) }],
      );
    } finally {
      setIsSending(false);
    }
  };

  const input = (
    id: string,
    key: 'name' | 'periodStart' | 'periodEnd' | 'size' | 'seed',
    label: string,
    options: { type?: string; inputMode?: 'numeric'; width?: string } = {},
  ) => {
    const error = errorFor(id);
    return (
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label govuk-label--s" htmlFor={id}>
          {label}
        </label>
        {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
        <input
          className={`govuk-input${options.width ? ` govuk-input--width-${options.width}` : ''}${error ? ' govuk-input--error' : ''}`}
          id={id}
          name={id}
          type={options.type ?? 'text'}
          inputMode={options.inputMode}
          autoComplete="off"
          value={form[key]}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => set(key, event.target.value)}
        />
      </div>
    );
  };
  const frameworkError = errorFor('framework');
  const strataError = errorFor(`stratum-${SAMPLE_STRATA[0]}`);

  return (
    <>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Audit cycles">Create a cycle</PageHeading>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void onSubmit();
            }}
          >
            {input('name', 'name', 'Cycle name', {})}
            {input('period-start', 'periodStart', 'Start date', { type: 'date', width: '10' })}
            {input('period-end', 'periodEnd', 'End date (when audits are due)', { type: 'date', width: '10' })}
            <div className={`govuk-form-group${frameworkError ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label govuk-label--s" htmlFor="framework">
                Framework version
              </label>
              {frameworkError ? <ErrorMessage id="framework-error">{frameworkError}</ErrorMessage> : null}
              <select
                className={`govuk-select${frameworkError ? ' govuk-select--error' : ''}`}
                id="framework"
                value={form.framework}
                aria-describedby={frameworkError ? 'framework-error' : undefined}
                onChange={(event) => set('framework', event.target.value)}
              >
                <option value="">Select a published framework</option>
                {frameworks.map((f) => (
                  <option key={`${f.id}@${f.version}`} value={`${f.id}@${f.version}`}>
                    {f.title} (version {f.version})
                  </option>
                ))}
              </select>
            </div>
            <div className="govuk-form-group">
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">How to sample</legend>
                <div className="govuk-radios govuk-radios--small" data-module="govuk-radios">
                  {(
                    [
                      ['random', 'At random', 'Every plan in the list is equally likely to be picked.'],
                      [
                        'stratified',
                        'Stratified',
                        'Each group gets its share of the sample, in proportion to its size in the list.',
                      ],
                    ] as const
                  ).map(([value, label, hint]) => (
                    <div className="govuk-radios__item" key={value}>
                      <input
                        className="govuk-radios__input"
                        id={`method-${value}`}
                        name="method"
                        type="radio"
                        value={value}
                        checked={form.method === value}
                        aria-describedby={`method-${value}-hint`}
                        onChange={() => set('method', value)}
                      />
                      <label className="govuk-label govuk-radios__label" htmlFor={`method-${value}`}>
                        {label}
                      </label>
                      <div id={`method-${value}-hint`} className="govuk-hint govuk-radios__hint">
                        {hint}
                      </div>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            {form.method === 'stratified' ? (
              <div className={`govuk-form-group${strataError ? ' govuk-form-group--error' : ''}`}>
                <fieldset className="govuk-fieldset" aria-describedby={strataError ? 'strata-error' : undefined}>
                  <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Stratify by</legend>
                  {strataError ? <ErrorMessage id="strata-error">{strataError}</ErrorMessage> : null}
                  <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                    {SAMPLE_STRATA.map((stratum) => (
                      <div className="govuk-checkboxes__item" key={stratum}>
                        <input
                          className="govuk-checkboxes__input"
                          id={`stratum-${stratum}`}
                          type="checkbox"
                          checked={form.strata.includes(stratum)}
                          onChange={(event) =>
                            set(
                              'strata',
                              event.target.checked
                                ? [...form.strata, stratum]
                                : form.strata.filter((s) => s !== stratum),
                            )
                          }
                        />
                        <label className="govuk-label govuk-checkboxes__label" htmlFor={`stratum-${stratum}`}>
                          {STRATUM_LABEL[stratum]}
                        </label>
                      </div>
                    ))}
                  </div>
                </fieldset>
              </div>
            ) : null}
            {input('size', 'size', 'Sample size (plans)', { inputMode: 'numeric', width: '5' })}
            {input('seed', 'seed', 'Seed', { inputMode: 'numeric', width: '10' })}
            <p className="govuk-body">
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                onClick={() => set('seed', String(randomSeed()))}
              >
                Choose a random seed
              </button>
            </p>
            <p className="govuk-hint">The seed is kept with the cycle, so the same sample can be drawn again later.</p>
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button" disabled={isSending} aria-disabled={isSending}>
                {isSending ? 'Creating…' : 'Create cycle and draw sample'}
              </button>
              <Link className="govuk-link" to="/cycles">
                Cancel
              </Link>
            </div>
          </form>
        </div>
        <div className="govuk-grid-column-one-half">
          <SamplePreview plans={plans} form={form} />
        </div>
      </div>
    </>
  );
}

export function CreateCyclePage() {
  const loaded = useLoaded(async (api) => {
    const [plans, frameworks] = await Promise.all([api.listPlans(), api.listPublishedFrameworks()]);
    return { plans, frameworks };
  }, []);
  usePageTitle('Create a cycle');
  if (loaded.state === 'loading') return <LoadingStatus />;
  if (loaded.state === 'failed')
    return (
      <>
        <PageHeading caption="Audit cycles">Create a cycle</PageHeading>
        <LoadFailure message={loaded.message} retry={loaded.retry} />
      </>
    );
  if (loaded.data.plans.length === 0) {
    return (
      <>
        <PageHeading caption="Audit cycles">Create a cycle</PageHeading>
        <p className="govuk-body">
          There are no plans to sample yet. <Link to="/cycles/import">Import the plan list</Link> first.
        </p>
      </>
    );
  }
  return <CreateCycleForm plans={loaded.data.plans} frameworks={loaded.data.frameworks} />;
}
