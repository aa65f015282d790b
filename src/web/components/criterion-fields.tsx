// One criterion on the scoring form: its rating (radios labelled by the framework), a comment, an
// evidence quote, a count pair where the framework asks for one, and its guidance one click away.
// A criterion that does not apply to this plan is shown and marked, never hidden.
import { memo, useState, type MouseEvent } from 'react';
import { MeasureValueSchema, type CriterionResponse } from '#shared/schemas/audit.ts';
import type { Criterion, Framework, RatingMeaning, RatingOption } from '#shared/schemas/framework.ts';
import { ErrorMessage } from '#web/components/error-summary.tsx';
import { Tag } from '#web/components/tag.tsx';
import { GuardedTextarea, type TextSaveStatus } from '#web/components/guarded-textarea.tsx';

export type ResponseChange = (
  criterionId: string,
  update: (current: CriterionResponse | null) => CriterionResponse | null,
  startedAt?: number,
) => void;

type Props = {
  criterion: Criterion;
  response: CriterionResponse | null;
  options: RatingOption[];
  isApplicable: boolean;
  planDescription: string;
  onChange: ResponseChange;
  onTextStatus: (fieldId: string, status: TextSaveStatus) => void;
  ratingError?: string;
  measureError?: string;
};

export const criterionAnchor = (criterionId: string): string => `criterion-${criterionId}`;
export const ratingFieldId = (criterionId: string): string => `${criterionId}-rating`;
export const measureFieldId = (criterionId: string): string => `${criterionId}-delivered`;

function Guidance({ criterion }: { criterion: Criterion }) {
  return (
    <details className="govuk-details govuk-!-margin-bottom-3">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Guidance for {criterion.id}</span>
      </summary>
      <div className="govuk-details__text">{criterion.guidance}</div>
    </details>
  );
}

function CriterionFieldsView({
  criterion,
  response,
  options,
  isApplicable,
  planDescription,
  onChange,
  onTextStatus,
  ratingError,
  measureError,
}: Props) {
  const id = criterion.id;
  if (!isApplicable) {
    return (
      <div className="app-criterion app-criterion--not-applicable" id={criterionAnchor(id)}>
        <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
          <span className="app-criterion__id">{id}</span> {criterion.text}
        </p>
        <p className="govuk-body">
          <Tag colour="grey">Does not apply</Tag>{' '}
          {criterion.applicability ? `Applies to: ${criterion.applicability.label}. ` : ''}This plan: {planDescription}.
          Not scored.
        </p>
        <Guidance criterion={criterion} />
      </div>
    );
  }
  const hintId = `${id}-hint`;
  const errorId = `${id}-rating-error`;
  const hint = [
    criterion.statutory ? 'Statutory: limits the section grade.' : null,
    criterion.applicability ? `Applies to: ${criterion.applicability.label}.` : null,
  ]
    .filter(Boolean)
    .join(' ');
  const describedBy = [hint ? hintId : null, ratingError ? errorId : null].filter(Boolean).join(' ') || undefined;
  const choose = (meaning: RatingMeaning, event: MouseEvent<HTMLInputElement> | { timeStamp: number }) =>
    onChange(id, (current) => ({ ...current, rating: meaning }), event.timeStamp);

  return (
    <div className="app-criterion" id={criterionAnchor(id)}>
      <div className={`govuk-form-group${ratingError ? ' govuk-form-group--error' : ''} govuk-!-margin-bottom-3`}>
        <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            <span className="app-criterion__id">{id}</span> {criterion.text}
          </legend>
          {hint ? (
            <div id={hintId} className="govuk-hint">
              {hint}
            </div>
          ) : null}
          <Guidance criterion={criterion} />
          {ratingError ? <ErrorMessage id={errorId}>{ratingError}</ErrorMessage> : null}
          <div className="govuk-radios govuk-radios--small govuk-radios--inline" data-module="govuk-radios">
            {options.map((option, index) => {
              const inputId = index === 0 ? ratingFieldId(id) : `${ratingFieldId(id)}-${option.meaning}`;
              return (
                <div className="govuk-radios__item" key={option.meaning}>
                  <input
                    className="govuk-radios__input"
                    id={inputId}
                    name={`${id}-rating`}
                    type="radio"
                    value={option.meaning}
                    checked={response?.rating === option.meaning}
                    onChange={(event) => choose(option.meaning, event.nativeEvent)}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={inputId}>
                    {option.label}
                  </label>
                </div>
              );
            })}
          </div>
        </fieldset>
      </div>
      {criterion.measure ? (
        <MeasureFields
          criterionId={id}
          measure={criterion.measure}
          response={response}
          onChange={onChange}
          error={measureError}
        />
      ) : null}
      <GuardedTextarea
        id={`${id}-comment`}
        label={`Comment on ${id} (optional)`}
        storedValue={response?.comment ?? ''}
        rows={2}
        onStatusChange={onTextStatus}
        onSave={(comment) => onChange(id, (current) => ({ ...current, comment }))}
      />
      <GuardedTextarea
        id={`${id}-evidence`}
        label={`Evidence quote for ${id} (optional)`}
        hint="Quote the words in the plan that your rating rests on."
        storedValue={response?.evidence ?? ''}
        rows={2}
        onStatusChange={onTextStatus}
        onSave={(evidence) => onChange(id, (current) => ({ ...current, evidence }))}
      />
    </div>
  );
}

function MeasureFields({
  criterionId,
  measure,
  response,
  onChange,
  error,
}: {
  criterionId: string;
  measure: NonNullable<Criterion['measure']>;
  response: CriterionResponse | null;
  onChange: ResponseChange;
  error?: string;
}) {
  const stored = response?.measure;
  const [delivered, setDelivered] = useState(stored ? String(stored.numerator) : '');
  const [specified, setSpecified] = useState(stored ? String(stored.denominator) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const shown = problem ?? error ?? null;
  const errorId = `${criterionId}-measure-error`;

  const commit = (numeratorText: string, denominatorText: string) => {
    if (numeratorText.trim() === '' && denominatorText.trim() === '') {
      setProblem(null);
      onChange(criterionId, (current) => {
        if (!current) return current;
        const { measure: _removed, ...rest } = current;
        return rest;
      });
      return;
    }
    if (!/^\d+$/.test(numeratorText.trim()) || !/^\d+$/.test(denominatorText.trim())) {
      setProblem(`Enter both counts for ${criterionId} as whole numbers`);
      return;
    }
    const parsed = MeasureValueSchema.safeParse({
      numerator: Number(numeratorText.trim()),
      denominator: Number(denominatorText.trim()),
    });
    if (!parsed.success) {
      setProblem(`${measure.numeratorLabel} cannot be more than ${measure.denominatorLabel.toLowerCase()}`);
      return;
    }
    setProblem(null);
    onChange(criterionId, (current) => ({ ...current, measure: parsed.data }));
  };

  return (
    <div className={`govuk-form-group${shown ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={shown ? errorId : undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{measure.label}</legend>
        {shown ? <ErrorMessage id={errorId}>{shown}</ErrorMessage> : null}
        <div className="app-measure">
          <div className="govuk-form-group app-measure__item">
            <label className="govuk-label" htmlFor={measureFieldId(criterionId)}>
              {measure.numeratorLabel}
            </label>
            <input
              className={`govuk-input govuk-input--width-4${shown ? ' govuk-input--error' : ''}`}
              id={measureFieldId(criterionId)}
              inputMode="numeric"
              spellCheck={false}
              value={delivered}
              onChange={(event) => setDelivered(event.target.value)}
              onBlur={() => commit(delivered, specified)}
            />
          </div>
          <div className="govuk-form-group app-measure__item">
            <label className="govuk-label" htmlFor={`${criterionId}-specified`}>
              {measure.denominatorLabel}
            </label>
            <input
              className={`govuk-input govuk-input--width-4${shown ? ' govuk-input--error' : ''}`}
              id={`${criterionId}-specified`}
              inputMode="numeric"
              spellCheck={false}
              value={specified}
              onChange={(event) => setSpecified(event.target.value)}
              onBlur={() => commit(delivered, specified)}
            />
          </div>
        </div>
      </fieldset>
    </div>
  );
}

export const CriterionFields = memo(CriterionFieldsView);

/** The rating options a criterion offers, labelled by the framework, in the framework's order. */
export function ratingOptionsFor(framework: Framework, allowed: RatingMeaning[] | undefined): RatingOption[] {
  return allowed
    ? framework.ratingOptions.filter((option) => allowed.includes(option.meaning))
    : framework.ratingOptions;
}

/** What opens a section's scoring page (and its preview): the description, progress and what each rating means. */
export function SectionIntro({
  description,
  answered,
  applicable,
  options,
}: {
  description: string | undefined;
  answered: number;
  applicable: number;
  options: readonly RatingOption[];
}) {
  return (
    <>
      {description ? <p className="govuk-body">{description}</p> : null}
      <p className="govuk-body" id="section-progress">
        {answered} of {applicable} criteria answered. Your answers are saved on this device as you go.
      </p>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">What the ratings mean</span>
        </summary>
        <div className="govuk-details__text">
          <dl className="app-rating-meanings">
            {options.map((option) => (
              <div key={option.meaning}>
                <dt className="govuk-!-font-weight-bold">{option.label}</dt>
                <dd>{option.hint ?? ''}</dd>
              </div>
            ))}
          </dl>
        </div>
      </details>
    </>
  );
}
