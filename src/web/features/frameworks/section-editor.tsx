// Sections and their criteria: add, remove and reorder sections; for one section its fields and
// every criterion's text, guidance, statutory flag, lead agency, weight, ratings offered, and the
// applicability condition and count pair in forms (rule-forms.tsx).
import { Link, useParams } from 'react-router';
import { AGENCY_LABELS, LEAD_AGENCIES, RATING_MEANINGS, type Framework } from '#shared/schemas/framework.ts';
import { Tag } from '#web/components/tag.tsx';
import {
  emptyCriterion,
  fieldId,
  frameworkPath,
  nextCriterionId,
  nextSectionId,
  numberOrText,
  PART_TITLES,
} from './editor-model.ts';
import { useEditor } from './editor-state.tsx';
import { EditorMissing } from './editor-pages.tsx';
import { CheckboxField, NumberField, SelectField, TextareaField, TextField } from './fields.tsx';
import { ApplicabilityForm, MeasureForm } from './rule-forms.tsx';
import { PartPage } from './part-page.tsx';

type Section = Framework['sections'][number];
type Criterion = Section['criteria'][number];

function move<T>(list: T[], from: number, to: number): void {
  if (to < 0 || to >= list.length) return;
  const [item] = list.splice(from, 1);
  if (item !== undefined) list.splice(to, 0, item);
}

export function SectionsPage() {
  const { doc, update, checked, id, version } = useEditor();
  const base = frameworkPath(id, version);
  const problemsIn = (index: number) =>
    checked.problems.filter((p) => p.path.startsWith(`sections[${String(index)}]`)).length;
  const listProblems = checked.byField.get('sections');
  return (
    <PartPage title={PART_TITLES.sections} belongs={(path) => path === 'sections'}>
      {listProblems ? (
        <p className="govuk-error-message" id={fieldId('sections')}>
          <span className="govuk-visually-hidden">Error:</span> Sections: {listProblems.join('; ')}
        </p>
      ) : null}
      <table className="govuk-table" id="framework-sections">
        <caption className="govuk-table__caption govuk-table__caption--m">
          Sections, in the order auditors see them
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Section
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Criteria
            </th>
            <th scope="col" className="govuk-table__header">
              Problems
            </th>
            <th scope="col" className="govuk-table__header">
              Actions
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {doc.sections.map((section, index) => {
            const count = problemsIn(index);
            const name = section.title || `section ${String(index + 1)}`;
            return (
              <tr className="govuk-table__row" key={index}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`${base}/sections/${String(index)}`}>
                    {name}
                  </Link>
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{section.criteria.length}</td>
                <td className="govuk-table__cell">
                  {count > 0 ? (
                    <Tag colour="red">{count === 1 ? '1 problem' : `${String(count)} problems`}</Tag>
                  ) : (
                    'None'
                  )}
                </td>
                <td className="govuk-table__cell">
                  <div className="govuk-button-group govuk-!-margin-bottom-0">
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      disabled={index === 0}
                      onClick={() => update((d) => move(d.sections, index, index - 1))}
                    >
                      Move up<span className="govuk-visually-hidden"> {name}</span>
                    </button>
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      disabled={index === doc.sections.length - 1}
                      onClick={() => update((d) => move(d.sections, index, index + 1))}
                    >
                      Move down<span className="govuk-visually-hidden"> {name}</span>
                    </button>
                    <button
                      type="button"
                      className="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                      onClick={() => update((d) => void d.sections.splice(index, 1))}
                    >
                      Remove<span className="govuk-visually-hidden"> {name}</span>
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        className="govuk-button govuk-button--secondary"
        onClick={() =>
          update((d) => {
            const sectionId = nextSectionId(d);
            d.sections.push({
              id: sectionId,
              title: '',
              leadAgency: 'multi-agency',
              criteria: [emptyCriterion(`${sectionId}.1`)],
            });
          })
        }
      >
        Add a section
      </button>
    </PartPage>
  );
}

export function SectionEditPage() {
  const { index = '' } = useParams();
  const { doc, update, id, version } = useEditor();
  const s = Number(index);
  const section = /^\d+$/.test(index) ? doc.sections[s] : undefined;
  if (!section) return <EditorMissing />;
  const at = `sections[${String(s)}]`;
  const setSection = (change: (section: Section) => void) =>
    update((d) => {
      const target = d.sections[s];
      if (target) change(target);
    });
  return (
    <PartPage
      title={section.title || `Section ${String(s + 1)}`}
      belongs={(path) => path === at || path.startsWith(`${at}.`)}
    >
      <p className="govuk-body">
        <Link className="govuk-link" to={`${frameworkPath(id, version)}/preview/${String(s)}`}>
          Preview this section as an auditor
        </Link>
      </p>
      <TextField
        path={`${at}.id`}
        label="Section id"
        width="10"
        value={section.id}
        onChange={(value) => setSection((x) => void (x.id = value))}
      />
      <TextField
        path={`${at}.title`}
        label="Section title"
        value={section.title}
        onChange={(value) => setSection((x) => void (x.title = value))}
      />
      <TextareaField
        path={`${at}.description`}
        label="Description (optional)"
        value={section.description ?? ''}
        onChange={(value) =>
          setSection((x) => {
            if (value === '') delete x.description;
            else x.description = value;
          })
        }
      />
      <SelectField
        path={`${at}.leadAgency`}
        label="Lead agency"
        value={section.leadAgency}
        options={LEAD_AGENCIES.map((agency) => ({ value: agency, label: AGENCY_LABELS[agency] }))}
        onChange={(value) => setSection((x) => void (x.leadAgency = value as Section['leadAgency']))}
      />
      <NumberField
        path={`${at}.weight`}
        label="Weight (optional)"
        hint="In the overall mean; leave empty for 1."
        value={section.weight}
        onChange={(text) =>
          setSection((x) => {
            if (text.trim() === '') delete x.weight;
            else x.weight = numberOrText(text);
          })
        }
      />
      <CheckboxField
        path={`${at}.countsTowardsOverall`}
        label="Counts towards the overall judgement"
        hint="Untick for a compliance gate, which is graded but capped by an overall rule instead."
        checked={section.countsTowardsOverall !== false}
        onChange={(value) =>
          setSection((x) => {
            if (value) delete x.countsTowardsOverall;
            else x.countsTowardsOverall = false;
          })
        }
      />
      <h2 className="govuk-heading-m" id={fieldId(`${at}.criteria`)} tabIndex={-1}>
        Criteria
      </h2>
      {section.criteria.map((criterion, c) => (
        <CriterionEditor
          key={c}
          path={`${at}.criteria[${String(c)}]`}
          criterion={criterion}
          position={c}
          count={section.criteria.length}
          onChange={(change) =>
            setSection((x) => {
              const target = x.criteria[c];
              if (target) change(target);
            })
          }
          onMove={(to) => setSection((x) => move(x.criteria, c, to))}
          onRemove={() => setSection((x) => void x.criteria.splice(c, 1))}
        />
      ))}
      <button
        type="button"
        className="govuk-button govuk-button--secondary"
        onClick={() =>
          update((d) => {
            d.sections[s]?.criteria.push(emptyCriterion(nextCriterionId(d, s)));
          })
        }
      >
        Add a criterion
      </button>
    </PartPage>
  );
}

function CriterionEditor({
  path,
  criterion,
  position,
  count,
  onChange,
  onMove,
  onRemove,
}: {
  path: string;
  criterion: Criterion;
  position: number;
  count: number;
  onChange: (change: (criterion: Criterion) => void) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const name = `criterion ${criterion.id || String(position + 1)}`;
  const allowed = criterion.allowedRatings;
  return (
    <fieldset className="govuk-fieldset app-editor-block" id={`${fieldId(path)}-block`}>
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
        Criterion {position + 1}
        {criterion.id ? ` (${criterion.id})` : ''}
      </legend>
      <TextField
        path={`${path}.id`}
        label="Criterion id"
        width="10"
        value={criterion.id}
        onChange={(v) => onChange((x) => void (x.id = v))}
      />
      <TextareaField
        path={`${path}.text`}
        label="Criterion text"
        rows={2}
        value={criterion.text}
        onChange={(v) => onChange((x) => void (x.text = v))}
      />
      <TextareaField
        path={`${path}.guidance`}
        label="Guidance for auditors"
        hint="What the auditor looks for; shown one click away."
        rows={3}
        value={criterion.guidance}
        onChange={(v) => onChange((x) => void (x.guidance = v))}
      />
      <CheckboxField
        path={`${path}.statutory`}
        label="Statutory: limiting rules cap the section"
        checked={criterion.statutory}
        onChange={(v) => onChange((x) => void (x.statutory = v))}
      />
      <SelectField
        path={`${path}.leadAgency`}
        label="Lead agency"
        value={criterion.leadAgency ?? ''}
        options={[
          { value: '', label: 'Same as the section' },
          ...LEAD_AGENCIES.map((agency) => ({ value: agency, label: AGENCY_LABELS[agency] })),
        ]}
        onChange={(v) =>
          onChange((x) => {
            if (v === '') delete x.leadAgency;
            else x.leadAgency = v as Criterion['leadAgency'];
          })
        }
      />
      <NumberField
        path={`${path}.weight`}
        label="Weight (optional)"
        hint="Leave empty for 1."
        value={criterion.weight}
        onChange={(text) =>
          onChange((x) => {
            if (text.trim() === '') delete x.weight;
            else x.weight = numberOrText(text);
          })
        }
      />
      <div className="govuk-form-group">
        <fieldset className="govuk-fieldset" aria-describedby={`${fieldId(path)}-ratings-hint`}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Ratings offered for {name}</legend>
          <div id={`${fieldId(path)}-ratings-hint`} className="govuk-hint">
            Leave all unticked to offer every rating of the framework.
          </div>
          <div
            className="govuk-checkboxes govuk-checkboxes--small"
            data-module="govuk-checkboxes"
            id={fieldId(`${path}.allowedRatings`)}
          >
            {RATING_MEANINGS.map((meaning) => {
              const inputId = `${fieldId(path)}-allowed-${meaning}`;
              return (
                <div className="govuk-checkboxes__item" key={meaning}>
                  <input
                    className="govuk-checkboxes__input"
                    id={inputId}
                    type="checkbox"
                    checked={allowed?.includes(meaning) ?? false}
                    onChange={(event) =>
                      onChange((x) => {
                        const next = new Set(x.allowedRatings ?? []);
                        if (event.target.checked) next.add(meaning);
                        else next.delete(meaning);
                        if (next.size === 0) delete x.allowedRatings;
                        else x.allowedRatings = RATING_MEANINGS.filter((m) => next.has(m));
                      })
                    }
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={inputId}>
                    {meaning}
                  </label>
                </div>
              );
            })}
          </div>
        </fieldset>
      </div>
      <ApplicabilityForm path={path} name={name} criterion={criterion} onChange={onChange} />
      <MeasureForm path={path} name={name} criterion={criterion} onChange={onChange} />
      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          disabled={position === 0}
          onClick={() => onMove(position - 1)}
        >
          Move up<span className="govuk-visually-hidden"> {name}</span>
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          disabled={position === count - 1}
          onClick={() => onMove(position + 1)}
        >
          Move down<span className="govuk-visually-hidden"> {name}</span>
        </button>
        <button type="button" className="govuk-button govuk-button--warning" onClick={onRemove}>
          Remove<span className="govuk-visually-hidden"> {name}</span>
        </button>
      </div>
    </fieldset>
  );
}
