// The editor's framework page (task list of parts, save, publish) and its simpler part pages:
// title and kind, grade scale, rating labels, rules and settings; publishing and JSON export.
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { FRAMEWORK_KINDS, RATING_MEANINGS, type RatingMeaning } from '#shared/schemas/framework.ts';
import { NotificationBanner, WarningText } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { Tag } from '#web/components/tag.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import { createDraftFrom } from './draft-actions.ts';
import {
  exportJson,
  frameworkPath,
  numberOrText,
  partOf,
  PART_TITLES,
  versionRef,
  type EditorPart,
} from './editor-model.ts';
import { describeFailure, useEditor, useFrameworkApi } from './editor-state.tsx';
import { CheckboxField, NumberField, SelectField, TextareaField, TextField } from './fields.tsx';
import { LimitingRulesForm, OverallRulesForm } from './rule-forms.tsx';
import { KIND_LABELS } from './list-page.tsx';
import { PartPage } from './part-page.tsx';
import { ProblemSummary, type SummaryProblem } from './problem-summary.tsx';

export function EditorMissing() {
  const editor = useEditorOrNull();
  const title = editor?.load.status === 'loading' ? 'Loading the framework' : 'Framework not available';
  usePageTitle(title);
  return (
    <>
      <Link to="/frameworks" className="govuk-back-link">
        Back to frameworks
      </Link>
      <PageHeading>{title}</PageHeading>
      {editor?.load.status === 'failed' ? <p className="govuk-body">{editor.load.message}</p> : null}
      {editor?.load.status === 'missing' || !editor ? (
        <p className="govuk-body">There is no such framework version, on the server or on this device.</p>
      ) : null}
    </>
  );
}

function useEditorOrNull() {
  try {
    return useEditor();
  } catch {
    return null;
  }
}

const PARTS: EditorPart[] = ['details', 'grade-scale', 'ratings', 'sections', 'rules'];

export function OverviewPage() {
  const editor = useEditor();
  const api = useFrameworkApi();
  const navigate = useNavigate();
  const location = useLocation();
  const { doc, checked } = editor;
  const [summary, setSummary] = useState<SummaryProblem[]>([]);
  const [notice, setNotice] = useState<{ type: 'success' | 'important'; text: string } | null>(
    (location.state as { created?: boolean; published?: boolean } | null)?.published
      ? { type: 'success', text: `Version ${String(editor.version)} is published.` }
      : (location.state as { created?: boolean } | null)?.created
        ? { type: 'success', text: `Draft version ${String(editor.version)} created.` }
        : null,
  );
  const [busy, setBusy] = useState(false);
  const isPublished = editor.serverStatus === 'published';
  const title = doc.title || editor.id;
  usePageTitle(`${title}, version ${String(editor.version)}`, summary.length > 0);
  const base = frameworkPath(editor.id, editor.version);

  const save = async () => {
    setNotice(null);
    if (checked.problems.length > 0) {
      setSummary(checked.problems);
      return;
    }
    setSummary([]);
    setBusy(true);
    try {
      await editor.save();
      setNotice({ type: 'success', text: `Draft version ${String(editor.version)} saved.` });
    } catch (error) {
      if (error instanceof ApiFailure && error.issues && error.issues.length > 0) {
        setSummary(error.issues.map((issue) => ({ path: issue.path, message: issue.message })));
      } else {
        setNotice({
          type: 'important',
          text: `${describeFailure(error)} Your changes are kept on this device.`,
        });
      }
    } finally {
      setBusy(false);
    }
  };

  const draftFrom = async () => {
    setBusy(true);
    try {
      const created = await createDraftFrom(api, doc);
      void navigate(frameworkPath(created.id, created.version), { state: { created: true } });
    } catch (error) {
      setNotice({ type: 'important', text: describeFailure(error) });
    } finally {
      setBusy(false);
    }
  };

  const problemsIn = (part: EditorPart) => checked.problems.filter((p) => partOf(p.path) === part).length;

  return (
    <>
      <Link to="/frameworks" className="govuk-back-link">
        Back to frameworks
      </Link>
      <ProblemSummary problems={summary} title="The draft cannot be saved yet" />
      {notice ? (
        <NotificationBanner type={notice.type} id="framework-notice">
          <p className="govuk-notification-banner__heading">{notice.text}</p>
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`${editor.id}, version ${String(editor.version)}`}>{title}</PageHeading>
      <p className="govuk-body">
        <Tag colour={isPublished ? 'green' : 'yellow'}>{isPublished ? 'Published' : 'Draft'}</Tag>{' '}
        {isPublished
          ? 'A published version never changes.'
          : editor.serverStatus === null
            ? 'Not saved to the server yet.'
            : editor.hasUnsavedChanges
              ? 'You have changes not saved to the server yet.'
              : 'Saved to the server.'}
      </p>
      {editor.loadNotice ? (
        <div className="govuk-inset-text" id="offline-notice">
          {editor.loadNotice} You are working on the copy kept on this device.
        </div>
      ) : null}
      {editor.storageRefused ? (
        <WarningText>
          This browser would not keep your changes on this device: save the draft before you leave.
        </WarningText>
      ) : null}
      {isPublished ? null : (
        <ul className="govuk-task-list" id="framework-parts">
          {PARTS.map((part) => {
            const count = problemsIn(part);
            return (
              <li className="govuk-task-list__item govuk-task-list__item--with-link" key={part}>
                <div className="govuk-task-list__name-and-hint">
                  <Link
                    className="govuk-link govuk-task-list__link"
                    to={`${base}/${part}`}
                    aria-describedby={`part-${part}-status`}
                  >
                    {PART_TITLES[part]}
                  </Link>
                </div>
                <div className="govuk-task-list__status" id={`part-${part}-status`}>
                  {count > 0 ? (
                    <Tag colour="red">{count === 1 ? '1 problem' : `${String(count)} problems`}</Tag>
                  ) : (
                    'No problems'
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <h2 className="govuk-heading-m">Preview as an auditor</h2>
      <ul className="govuk-list" id="preview-links">
        {doc.sections.map((section, index) => (
          <li key={`${section.id}-${String(index)}`}>
            <Link className="govuk-link" to={`${base}/preview/${String(index)}`}>
              Preview {section.title || `section ${String(index + 1)}`}
            </Link>
          </li>
        ))}
      </ul>
      <div className="govuk-button-group">
        {isPublished ? (
          <button
            type="button"
            className="govuk-button"
            data-module="govuk-button"
            disabled={busy}
            onClick={() => void draftFrom()}
          >
            Create a draft from this version
          </button>
        ) : (
          <>
            <button
              type="button"
              className="govuk-button"
              data-module="govuk-button"
              disabled={busy}
              onClick={() => void save()}
            >
              Save draft
            </button>
            <Link className="govuk-button govuk-button--secondary" data-module="govuk-button" to={`${base}/publish`}>
              Publish
            </Link>
          </>
        )}
        <Link className="govuk-link" to={`${base}/export`}>
          Export JSON
        </Link>
        <Link
          className="govuk-link"
          to={`/frameworks/compare?to=${encodeURIComponent(versionRef(editor.id, editor.version))}`}
        >
          Compare with another version
        </Link>
        {!isPublished && editor.hasUnsavedChanges && editor.serverStatus !== null ? (
          <button type="button" className="govuk-button govuk-button--warning" onClick={editor.discard}>
            Discard changes on this device
          </button>
        ) : null}
      </div>
    </>
  );
}

export function DetailsPage() {
  const { doc, update } = useEditor();
  return (
    <PartPage title={PART_TITLES.details} belongs={(path) => partOf(path) === 'details'}>
      <TextField
        path="id"
        label="Framework id"
        hint="The id cannot be changed."
        value={doc.id}
        readOnly
        onChange={() => undefined}
      />
      <TextField
        path="title"
        label="Title"
        labelClass="govuk-label--s"
        value={doc.title}
        onChange={(value) => update((d) => void (d.title = value))}
      />
      <SelectField
        path="kind"
        label="Kind of audit"
        labelClass="govuk-label--s"
        value={doc.kind}
        options={FRAMEWORK_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }))}
        onChange={(value) => update((d) => void (d.kind = value as typeof d.kind))}
      />
      <TextareaField
        path="description"
        label="Description (optional)"
        labelClass="govuk-label--s"
        value={doc.description ?? ''}
        rows={5}
        onChange={(value) =>
          update((d) => {
            if (value === '') delete d.description;
            else d.description = value;
          })
        }
      />
    </PartPage>
  );
}

export function GradeScalePage() {
  const { doc, update } = useEditor();
  const grades = doc.gradeScale.grades;
  return (
    <PartPage title={PART_TITLES['grade-scale']} belongs={(path) => partOf(path) === 'grade-scale'}>
      <p className="govuk-body">
        List the grades best first. Each grade is suggested when a section reaches its minimum score, the share of the
        available criterion score from 0 to 1; the lowest grade has 0.
      </p>
      {grades.map((grade, index) => {
        const at = `gradeScale.grades[${String(index)}]`;
        // Patch the draft's own copy of the grade, not this render's, so an edit never undoes a newer one.
        const setGrade = (patch: Partial<typeof grade>) =>
          update((d) => void Object.assign(d.gradeScale.grades[index] ?? {}, patch));
        // Each number field is named by the property it edits, so its path and value cannot drift apart.
        const gradeNumber = (key: 'value' | 'minScore', label: string, hint: string) => (
          <NumberField
            path={`${at}.${key}`}
            label={label}
            hint={hint}
            value={grade[key]}
            onChange={(text) => setGrade({ [key]: numberOrText(text) })}
          />
        );
        return (
          <fieldset className="govuk-fieldset app-editor-block" key={index} id={`grade-${String(index)}`}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Grade {index + 1}</legend>
            <TextField
              path={`${at}.label`}
              label="Label"
              width="20"
              value={grade.label}
              onChange={(label) => setGrade({ label })}
            />
            {gradeNumber('value', 'Value', 'A whole number; higher is better.')}
            {gradeNumber('minScore', 'Minimum score', 'From 0 to 1, for example 0.7.')}
            <TextareaField
              path={`${at}.descriptor`}
              label="Descriptor"
              value={grade.descriptor}
              rows={2}
              onChange={(descriptor) => setGrade({ descriptor })}
            />
            <button
              type="button"
              className="govuk-button govuk-button--warning"
              onClick={() => update((d) => void d.gradeScale.grades.splice(index, 1))}
            >
              Remove grade {index + 1}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="govuk-button govuk-button--secondary"
        onClick={() =>
          update((d) => void d.gradeScale.grades.push({ value: 0, label: '', descriptor: '', minScore: 0 }))
        }
      >
        Add a grade
      </button>
      <SelectField
        path="gradeScale.goodOrBetterFrom"
        label={'"Good or better" from'}
        labelClass="govuk-label--s"
        hint='Reports count a plan as "Good or better" from this grade up.'
        value={String(doc.gradeScale.goodOrBetterFrom)}
        options={grades.map((grade) => ({ value: String(grade.value), label: grade.label || String(grade.value) }))}
        onChange={(value) => update((d) => void (d.gradeScale.goodOrBetterFrom = numberOrText(value)))}
      />
    </PartPage>
  );
}

const MEANING_WORDS: Record<RatingMeaning, string> = {
  met: 'Met',
  'partly-met': 'Partly met',
  'not-met': 'Not met',
  'na-stated': 'Not applicable, stated in the plan',
  'na-not-relevant': 'Not applicable, not relevant',
  'cannot-judge': 'Cannot judge',
};

export function RatingsPage() {
  const { doc, update } = useEditor();
  const { checked } = useEditor();
  const listProblems = checked.byField.get('ratingOptions');
  return (
    <PartPage title={PART_TITLES.ratings} belongs={(path) => partOf(path) === 'ratings'}>
      <p className="govuk-body">
        The meanings of the six ratings are fixed; you choose which to offer and how they read. Met and Not met are
        required.
      </p>
      {listProblems ? (
        <p className="govuk-error-message" id="fw-ratingOptions">
          <span className="govuk-visually-hidden">Error:</span> Rating options: {listProblems.join('; ')}
        </p>
      ) : null}
      {RATING_MEANINGS.map((meaning) => {
        const index = doc.ratingOptions.findIndex((o) => o.meaning === meaning);
        const option = doc.ratingOptions[index];
        return (
          <fieldset className="govuk-fieldset app-editor-block" key={meaning}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{MEANING_WORDS[meaning]}</legend>
            <CheckboxField
              path={`rating-${meaning}-offered`}
              label={`Offer "${MEANING_WORDS[meaning]}"`}
              checked={option !== undefined}
              onChange={(isOffered) =>
                update((d) => {
                  const kept = d.ratingOptions.filter((o) => o.meaning !== meaning);
                  if (isOffered) kept.push({ meaning, label: MEANING_WORDS[meaning] });
                  d.ratingOptions = RATING_MEANINGS.flatMap((m) => kept.filter((o) => o.meaning === m));
                })
              }
            />
            {option ? (
              <>
                <TextField
                  path={`ratingOptions[${String(index)}].label`}
                  label="Label"
                  width="20"
                  value={option.label}
                  onChange={(value) => update((d) => void (d.ratingOptions[index] = { ...option, label: value }))}
                />
                <TextField
                  path={`ratingOptions[${String(index)}].hint`}
                  label="Hint (optional)"
                  value={option.hint ?? ''}
                  onChange={(value) =>
                    update((d) => {
                      const { hint: _old, ...rest } = option;
                      d.ratingOptions[index] = value === '' ? rest : { ...rest, hint: value };
                    })
                  }
                />
              </>
            ) : null}
          </fieldset>
        );
      })}
    </PartPage>
  );
}

export function RulesPage() {
  const { doc, update } = useEditor();
  return (
    <PartPage title={PART_TITLES.rules} belongs={(path) => partOf(path) === 'rules'}>
      <SelectField
        path="overall.method"
        label="How section grades combine into the overall judgement"
        labelClass="govuk-label--s"
        value={doc.overall.method}
        options={[
          { value: 'mean', label: 'Best fit: the mean of the section grades' },
          { value: 'lowest', label: 'The lowest section grade' },
        ]}
        onChange={(value) => update((d) => void (d.overall.method = value as 'mean' | 'lowest'))}
      />
      <NumberField
        path="grading.cannotJudgeLimit"
        label="Cannot judge limit"
        hint="The share (0 to 1) of a section's answers that may be Cannot judge before no grade is suggested."
        labelClass="govuk-label--s"
        value={doc.grading.cannotJudgeLimit}
        onChange={(text) => update((d) => void (d.grading.cannotJudgeLimit = numberOrText(text)))}
      />
      <NumberField
        path="moderation.disagreementSpread"
        label="Disagreement spread"
        hint="Auditors disagree on a section when their grades are this many steps apart."
        labelClass="govuk-label--s"
        value={doc.moderation.disagreementSpread}
        onChange={(text) => update((d) => void (d.moderation.disagreementSpread = numberOrText(text)))}
      />
      <CheckboxField
        path="moderation.flagStraddle"
        label={'Flag sections where auditors fall both sides of the "Good or better" line'}
        checked={doc.moderation.flagStraddle}
        onChange={(value) => update((d) => void (d.moderation.flagStraddle = value))}
      />
      <LimitingRulesForm />
      <OverallRulesForm />
    </PartPage>
  );
}

export function PublishPage() {
  const editor = useEditor();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = frameworkPath(editor.id, editor.version);
  const title = `Publish version ${String(editor.version)}`;
  usePageTitle(title);
  const blocker =
    editor.serverStatus === 'published'
      ? 'This version is already published.'
      : editor.checked.problems.length > 0
        ? 'The draft has problems. Fix them and save the draft before you publish it.'
        : editor.hasUnsavedChanges || editor.serverStatus === null
          ? 'You have changes that are not saved to the server. Save the draft first: what is published is what the server holds.'
          : null;

  const publish = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await editor.publish();
      void navigate(base, { state: { published: true } });
    } catch (error) {
      setProblem(describeFailure(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Link to={base} className="govuk-back-link">
        Back to the framework
      </Link>
      {problem ? (
        <NotificationBanner title="There was a problem" id="publish-problem">
          <p className="govuk-notification-banner__heading">{problem}</p>
        </NotificationBanner>
      ) : null}
      <PageHeading caption={editor.doc.title}>{title}</PageHeading>
      {blocker ? (
        <>
          <div className="govuk-inset-text" id="publish-blocked">
            {blocker}
          </div>
          <Link className="govuk-button govuk-button--secondary" data-module="govuk-button" to={base}>
            Return to the framework
          </Link>
        </>
      ) : (
        <>
          <WarningText>
            A published version never changes. Audit cycles can use it as soon as it is published. To change it later,
            you will publish another version.
          </WarningText>
          <div className="govuk-button-group">
            <button
              type="button"
              className="govuk-button"
              data-module="govuk-button"
              disabled={busy}
              onClick={() => void publish()}
            >
              Publish version {editor.version}
            </button>
            <Link className="govuk-link" to={base}>
              Cancel
            </Link>
          </div>
        </>
      )}
    </>
  );
}

export function ExportPage() {
  const editor = useEditor();
  const base = frameworkPath(editor.id, editor.version);
  const json = exportJson(editor.doc);
  const fileName = `${editor.id}-v${String(editor.version)}.json`;
  usePageTitle(`Export ${editor.doc.title}`);
  return (
    <>
      <Link to={base} className="govuk-back-link">
        Back to the framework
      </Link>
      <PageHeading caption={`${editor.doc.title}, version ${String(editor.version)}`}>Export JSON</PageHeading>
      <p className="govuk-body">
        The file opens in any editor; with its <code>$schema</code> line, VS Code completes field names and underlines
        mistakes. Import it again from the frameworks page.
      </p>
      {editor.hasUnsavedChanges ? (
        <div className="govuk-inset-text">This export includes changes not saved to the server yet.</div>
      ) : null}
      <a
        className="govuk-button"
        data-module="govuk-button"
        href={`data:application/json;charset=utf-8,${encodeURIComponent(json)}`}
        download={fileName}
      >
        Download {fileName}
      </a>
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="export-json">
          The framework as JSON
        </label>
        <textarea className="govuk-textarea app-json-field" id="export-json" rows={16} readOnly value={json} />
      </div>
    </>
  );
}
