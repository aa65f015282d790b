// Forms for the parts of a framework that used to be edited as JSON: limiting rules, overall rules,
// a criterion's applicability and its count pair. Every input is named by its checker path, so the
// shared checker's problems show at the very field as the author types.
import { useState, type ReactNode } from 'react';
import { ENUM_PLAN_ATTRIBUTES, type EnumPlanAttribute } from '#shared/schemas/plan.ts';
import {
  RATING_MEANINGS,
  type Applicability,
  type Condition,
  type Criterion,
  type CriterionSelector,
  type LimitingRule,
  type OverallRule,
  type RatingMeaning,
} from '#shared/schemas/framework.ts';
import { fieldId, numberOrText, type EditableFramework } from './editor-model.ts';
import { useEditor } from './editor-state.tsx';
import {
  CheckboxField,
  FieldError,
  FieldHint,
  formGroupClass,
  JsonField,
  NumberField,
  SelectField,
  TextField,
  useControl,
} from './fields.tsx';

/**
 * Ticks for a list of values, kept in the order of the options; the first box carries the field's id
 * so the error summary can reach it.
 */
function ChecklistField<V extends string>({
  path,
  legend,
  hint,
  options,
  value,
  onChange,
}: {
  path: string;
  legend: string;
  hint?: string;
  options: readonly { value: V; label: string }[];
  value: readonly V[];
  onChange: (values: V[]) => void;
}) {
  const { control, describedBy, error } = useControl(path, hint);
  const id = control.id;
  return (
    <div className={formGroupClass(error)}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <FieldHint id={id} hint={hint} />
        <FieldError id={id} label={legend} error={error} />
        <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
          {options.map((option, i) => {
            const inputId = i === 0 ? id : `${id}-${option.value}`;
            return (
              <div className="govuk-checkboxes__item" key={option.value}>
                <input
                  className="govuk-checkboxes__input"
                  id={inputId}
                  type="checkbox"
                  checked={value.includes(option.value)}
                  onChange={(event) => {
                    const next = new Set(value);
                    if (event.target.checked) next.add(option.value);
                    else next.delete(option.value);
                    onChange(options.filter((o) => next.has(o.value)).map((o) => o.value));
                  }}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={inputId}>
                  {option.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** Ticks for a list of ratings, labelled as the framework labels them. */
function RatingsField(props: {
  path: string;
  legend: string;
  value: readonly RatingMeaning[];
  onChange: (ratings: RatingMeaning[]) => void;
}) {
  const { doc } = useEditor();
  const options = RATING_MEANINGS.map((meaning) => ({
    value: meaning,
    label: doc.ratingOptions.find((o) => o.meaning === meaning)?.label ?? meaning,
  }));
  return <ChecklistField {...props} options={options} />;
}

/** A grade from the scale; a value no longer on it stays listed so the checker's message makes sense. */
function GradeSelect({
  path,
  label,
  hint,
  value,
  onChange,
}: {
  path: string;
  label: string;
  hint?: string;
  value: number;
  onChange: (value: number) => void;
}) {
  const { doc } = useEditor();
  const options = doc.gradeScale.grades.map((g) => ({
    value: String(g.value),
    label: `${String(g.value)}: ${g.label}`,
  }));
  if (!options.some((o) => o.value === String(value)))
    options.push({ value: String(value), label: `${String(value)} (not on the grade scale)` });
  return (
    <SelectField
      path={path}
      label={label}
      hint={hint}
      value={String(value)}
      options={options}
      onChange={(text) => onChange(numberOrText(text))}
    />
  );
}

const idsText = (ids: readonly string[]): string => ids.join(', ');
const idsFrom = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '');

/** Ids typed as a list ("A1, B2"): kept as typed while editing, so a trailing comma does not vanish. */
function IdsField({
  path,
  label,
  hint,
  ids,
  onChange,
}: {
  path: string;
  label: string;
  hint: string;
  ids: readonly string[];
  onChange: (ids: string[]) => void;
}) {
  const [text, setText] = useState(idsText(ids));
  // Follow changes made elsewhere unless the text already means these ids.
  if (idsText(idsFrom(text)) !== idsText(ids)) setText(idsText(ids));
  return (
    <TextField
      path={path}
      label={label}
      hint={hint}
      value={text}
      onChange={(next) => {
        setText(next);
        onChange(idsFrom(next));
      }}
    />
  );
}

function RuleFieldset({ legend, children, onRemove }: { legend: string; children: ReactNode; onRemove: () => void }) {
  return (
    <fieldset className="govuk-fieldset app-rule">
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
      {children}
      <button type="button" className="govuk-button govuk-button--warning" onClick={onRemove}>
        Remove<span className="govuk-visually-hidden">{` ${legend}`}</span>
      </button>
    </fieldset>
  );
}

type SelectorKind = 'statutory' | 'criteria' | 'sections';
const selectorKind = (selector: CriterionSelector): SelectorKind =>
  'criteria' in selector ? 'criteria' : 'sections' in selector ? 'sections' : 'statutory';

const nextId = (prefix: string, taken: readonly { id: string }[]): string => {
  for (let n = taken.length + 1; ; n += 1) {
    const candidate = `${prefix}-${String(n)}`;
    if (!taken.some((t) => t.id === candidate)) return candidate;
  }
};

type CappingRule = { id: string; capAt: number; description?: string };

/**
 * A list of capping rules (limiting or overall): one fieldset per rule with its id, the fields of its
 * kind, the grade it caps at and its description, a remove button, and an add button below.
 */
function CappingRulesList<R extends CappingRule>({
  path,
  heading,
  intro,
  noun,
  capLabel,
  addLabel,
  rules,
  listIn,
  create,
  children,
}: {
  path: string;
  heading: string;
  intro: string;
  noun: string;
  capLabel: string;
  addLabel: string;
  rules: readonly R[];
  listIn: (draft: EditableFramework) => R[];
  create: (draft: EditableFramework) => R;
  children: (rule: R, at: string, change: (edit: (rule: R) => void) => void) => ReactNode;
}) {
  const { update } = useEditor();
  return (
    <div id={fieldId(path)}>
      <h2 className="govuk-heading-m">{heading}</h2>
      <p className="govuk-body">{intro}</p>
      {rules.map((rule, i) => {
        const at = `${path}[${String(i)}]`;
        const change = (edit: (rule: R) => void) =>
          update((d) => {
            const draftRule = listIn(d)[i];
            if (draftRule) edit(draftRule);
          });
        return (
          <RuleFieldset
            key={i}
            legend={`${noun} ${String(i + 1)}`}
            onRemove={() => update((d) => void listIn(d).splice(i, 1))}
          >
            <TextField
              path={`${at}.id`}
              label="Rule id"
              width="20"
              value={rule.id}
              onChange={(v) => change((r) => void (r.id = v))}
            />
            {children(rule, at, change)}
            <GradeSelect
              path={`${at}.capAt`}
              label={capLabel}
              value={rule.capAt}
              onChange={(v) => change((r) => void (r.capAt = v))}
            />
            <TextField
              path={`${at}.description`}
              label="Description (optional)"
              value={rule.description ?? ''}
              onChange={(v) =>
                change((r) => {
                  if (v === '') delete r.description;
                  else r.description = v;
                })
              }
            />
          </RuleFieldset>
        );
      })}
      <button
        type="button"
        className="govuk-button govuk-button--secondary"
        onClick={() => update((d) => void listIn(d).push(create(d)))}
      >
        {addLabel}
      </button>
    </div>
  );
}

/** The scale's lowest grade (grades are listed best first), which a new rule caps at or near. */
const lowestGrade = (framework: EditableFramework): number => framework.gradeScale.grades.at(-1)?.value ?? 1;

export function LimitingRulesForm() {
  const { doc } = useEditor();
  const lowest = lowestGrade(doc);
  return (
    <CappingRulesList<LimitingRule>
      path="limitingRules"
      heading="Limiting rules"
      intro="Each rule caps a section's suggested grade when one of the criteria it covers gets one of its ratings."
      noun="Limiting rule"
      capLabel="Cap the section at"
      addLabel="Add a limiting rule"
      rules={doc.limitingRules}
      listIn={(d) => d.limitingRules}
      create={(d) => ({
        id: nextId('limiting', d.limitingRules),
        appliesTo: { statutory: true },
        ratings: ['not-met'],
        capAt: lowest,
      })}
    >
      {(rule, at, change) => {
        const kind = selectorKind(rule.appliesTo);
        return (
          <>
            <SelectField
              path={`${at}.appliesTo`}
              label="Applies to"
              value={kind}
              options={[
                { value: 'statutory', label: 'Every statutory criterion' },
                { value: 'criteria', label: 'The criteria listed' },
                { value: 'sections', label: 'Every criterion in the sections listed' },
              ]}
              onChange={(v) =>
                change((r) => {
                  r.appliesTo =
                    v === 'criteria' ? { criteria: [] } : v === 'sections' ? { sections: [] } : { statutory: true };
                })
              }
            />
            {kind === 'criteria' || kind === 'sections' ? (
              <IdsField
                path={`${at}.appliesTo.ids`}
                label={kind === 'criteria' ? 'Criterion ids' : 'Section ids'}
                hint="Separated by commas or spaces, such as A1, B2."
                ids={
                  'criteria' in rule.appliesTo
                    ? rule.appliesTo.criteria
                    : 'sections' in rule.appliesTo
                      ? rule.appliesTo.sections
                      : []
                }
                onChange={(ids) =>
                  change((r) => {
                    r.appliesTo = kind === 'criteria' ? { criteria: ids } : { sections: ids };
                  })
                }
              />
            ) : null}
            <RatingsField
              path={`${at}.ratings`}
              legend="When rated"
              value={rule.ratings}
              onChange={(ratings) => change((r) => void (r.ratings = ratings))}
            />
          </>
        );
      }}
    </CappingRulesList>
  );
}

export function OverallRulesForm() {
  const { doc } = useEditor();
  const lowest = lowestGrade(doc);
  return (
    <CappingRulesList<OverallRule>
      path="overall.rules"
      heading="Overall rules"
      intro="Each rule caps the overall judgement when a section is graded low or a key criterion fails."
      noun="Overall rule"
      capLabel="Cap the overall judgement at"
      addLabel="Add an overall rule"
      rules={doc.overall.rules}
      listIn={(d) => d.overall.rules}
      create={(d) => ({
        id: nextId('overall', d.overall.rules),
        when: { section: d.sections[0]?.id ?? '', gradeAtMost: lowest },
        capAt: lowest + 1,
      })}
    >
      {(rule, at, change) => {
        const when = rule.when;
        return (
          <>
            <SelectField
              path={`${at}.when`}
              label="When"
              value={'section' in when ? 'section' : 'criterion'}
              options={[
                { value: 'section', label: 'A section is graded at or below a grade' },
                { value: 'criterion', label: 'A criterion gets one of some ratings' },
              ]}
              onChange={(v) =>
                change((r) => {
                  r.when =
                    v === 'section'
                      ? { section: doc.sections[0]?.id ?? '', gradeAtMost: lowest }
                      : { criterion: doc.sections[0]?.criteria[0]?.id ?? '', ratings: ['not-met'] };
                })
              }
            />
            {'section' in when ? (
              <>
                <SelectField
                  path={`${at}.when.section`}
                  label="Section"
                  value={when.section}
                  options={[
                    ...doc.sections.map((s) => ({ value: s.id, label: `${s.id}: ${s.title}` })),
                    ...(doc.sections.some((s) => s.id === when.section)
                      ? []
                      : [{ value: when.section, label: `${when.section} (no such section)` }]),
                  ]}
                  onChange={(v) => change((r) => void ('section' in r.when && (r.when.section = v)))}
                />
                <GradeSelect
                  path={`${at}.when.gradeAtMost`}
                  label="Graded at or below"
                  value={when.gradeAtMost}
                  onChange={(v) => change((r) => void ('section' in r.when && (r.when.gradeAtMost = v)))}
                />
              </>
            ) : (
              <>
                <TextField
                  path={`${at}.when.criterion`}
                  label="Criterion id"
                  width="10"
                  value={when.criterion}
                  onChange={(v) => change((r) => void ('criterion' in r.when && (r.when.criterion = v)))}
                />
                <RatingsField
                  path={`${at}.when.ratings`}
                  legend="When rated"
                  value={when.ratings}
                  onChange={(ratings) => change((r) => void ('criterion' in r.when && (r.when.ratings = ratings)))}
                />
              </>
            )}
          </>
        );
      }}
    </CappingRulesList>
  );
}

type SimpleAttribute = 'always' | 'yearGroup' | EnumPlanAttribute | 'lookedAfter' | 'personalBudgetRequested';
const ATTRIBUTE_LABELS: Record<SimpleAttribute, string> = {
  always: 'Every plan',
  yearGroup: 'Year group',
  keyStage: 'Key stage',
  primaryNeed: 'Primary need',
  settingType: 'Setting type',
  planType: 'Plan type',
  lookedAfter: 'Looked after',
  personalBudgetRequested: 'Personal budget requested',
};
const isEnumAttribute = (a: string): a is EnumPlanAttribute => a in ENUM_PLAN_ATTRIBUTES;

function defaultCondition(attribute: Exclude<SimpleAttribute, 'always'>): Condition {
  if (attribute === 'yearGroup') return { attribute, op: 'gte', value: 9 };
  if (attribute === 'lookedAfter' || attribute === 'personalBudgetRequested')
    return { attribute, op: 'is', value: true };
  return { attribute, op: 'in', values: [ENUM_PLAN_ATTRIBUTES[attribute][0]] };
}

/** A form for one part of a criterion: its checker path, its name in labels, and how to change it. */
type CriterionFormProps = {
  path: string;
  name: string;
  criterion: Criterion;
  onChange: (edit: (criterion: Criterion) => void) => void;
};

/** Which plans a criterion applies to: one condition on a plan attribute, and the words auditors see. */
export function ApplicabilityForm({ path, name, criterion, onChange }: CriterionFormProps) {
  const applicability = criterion.applicability;
  const when = applicability?.when;
  // Conditions combined with all/any/not have no form; they stay editable as JSON.
  if (when && ('all' in when || 'any' in when || 'not' in when)) {
    return (
      <JsonField
        path={`${path}.applicability`}
        label={`Applicability of ${name} (a combined condition, as JSON)`}
        rows={4}
        allowEmpty
        value={applicability}
        onChange={(value) =>
          onChange((x) => {
            if (value === undefined) delete x.applicability;
            else x.applicability = value as Applicability;
          })
        }
      />
    );
  }
  const at = `${path}.applicability`;
  const attribute: SimpleAttribute = when ? when.attribute : 'always';
  const setWhen = (next: Condition) =>
    onChange((x) => {
      x.applicability = { when: next, label: x.applicability?.label ?? '' };
    });
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Which plans {name} applies to</legend>
        <SelectField
          path={`${at}.when.attribute`}
          label="Applies to"
          value={attribute}
          options={(Object.keys(ATTRIBUTE_LABELS) as SimpleAttribute[]).map((a) => ({
            value: a,
            label: ATTRIBUTE_LABELS[a],
          }))}
          onChange={(v) => {
            const chosen = (Object.keys(ATTRIBUTE_LABELS) as SimpleAttribute[]).find((a) => a === v) ?? 'always';
            if (chosen === 'always')
              onChange((x) => {
                delete x.applicability;
              });
            // Another attribute needs new words for auditors: the old label would describe the wrong plans.
            else onChange((x) => void (x.applicability = { when: defaultCondition(chosen), label: '' }));
          }}
        />
        {when && when.attribute === 'yearGroup' ? (
          <>
            <SelectField
              path={`${at}.when.op`}
              label="Year group is"
              value={when.op}
              options={[
                { value: 'gte', label: 'this year or above' },
                { value: 'lte', label: 'this year or below' },
                { value: 'eq', label: 'exactly this year' },
              ]}
              onChange={(v) => setWhen({ ...when, op: v === 'lte' ? 'lte' : v === 'eq' ? 'eq' : 'gte' })}
            />
            <NumberField
              path={`${at}.when.value`}
              label="Year"
              hint="0 is Reception, -1 Nursery."
              value={when.value}
              onChange={(text) => setWhen({ ...when, value: numberOrText(text) })}
            />
          </>
        ) : null}
        {when && 'values' in when && isEnumAttribute(when.attribute) ? (
          <ChecklistField
            path={`${at}.when.values`}
            legend={`${ATTRIBUTE_LABELS[when.attribute]} is one of`}
            options={ENUM_PLAN_ATTRIBUTES[when.attribute].map((option) => ({ value: option, label: option }))}
            value={when.values}
            onChange={(values) => setWhen({ ...when, values })}
          />
        ) : null}
        {when && when.op === 'is' ? (
          <SelectField
            path={`${at}.when.value`}
            label={ATTRIBUTE_LABELS[when.attribute]}
            value={when.value ? 'yes' : 'no'}
            options={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
            onChange={(v) => setWhen({ ...when, value: v === 'yes' })}
          />
        ) : null}
        {applicability ? (
          <TextField
            path={`${at}.label`}
            label="Shown to auditors as"
            hint='Such as "Year 9 and above".'
            value={applicability.label}
            onChange={(v) =>
              onChange((x) => {
                if (x.applicability) x.applicability.label = v;
              })
            }
          />
        ) : null}
      </fieldset>
    </div>
  );
}

type MeasureText = 'id' | 'label' | 'numeratorLabel' | 'denominatorLabel';
const MEASURE_FIELDS: readonly { key: MeasureText; label: string; width?: string }[] = [
  { key: 'id', label: 'Count pair id', width: '20' },
  { key: 'label', label: 'What is counted' },
  { key: 'numeratorLabel', label: 'First count', width: '20' },
  { key: 'denominatorLabel', label: 'Out of', width: '20' },
];

/** A count pair such as "provision lines delivered out of specified", recorded beside the rating. */
export function MeasureForm({ path, name, criterion, onChange }: CriterionFormProps) {
  const measure = criterion.measure;
  const at = `${path}.measure`;
  const set = (key: MeasureText, v: string) =>
    onChange((x) => {
      if (x.measure) x.measure[key] = v;
    });
  return (
    <>
      <CheckboxField
        path={at}
        label={`Record a count pair for ${name}`}
        hint="Such as provision lines delivered out of those specified."
        checked={measure !== undefined}
        onChange={(on) =>
          onChange((x) => {
            if (!on) delete x.measure;
            else
              x.measure = {
                kind: 'ratio',
                id: `${x.id}-count`,
                label: 'Provision lines',
                numeratorLabel: 'Delivered',
                denominatorLabel: 'Specified',
              };
          })
        }
      />
      {measure ? (
        <div className="govuk-inset-text">
          {MEASURE_FIELDS.map(({ key, label, width }) => (
            <TextField
              key={key}
              path={`${at}.${key}`}
              label={label}
              width={width}
              value={measure[key]}
              onChange={(v) => set(key, v)}
            />
          ))}
        </div>
      ) : null}
    </>
  );
}
