// The frame every edit page of the editor shares: back link, the part's problems on "Continue",
// and a refusal for published versions, which never change.
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { frameworkPath } from './editor-model.ts';
import { useEditor } from './editor-state.tsx';
import { ProblemSummary, useFocusFromHash } from './problem-summary.tsx';

export function PartPage({
  title,
  belongs,
  children,
}: {
  title: string;
  /** Which of the framework's problems this page shows in its summary. */
  belongs: (path: string) => boolean;
  children: ReactNode;
}) {
  const editor = useEditor();
  const navigate = useNavigate();
  const [hasTried, setHasTried] = useState(false);
  const problems = hasTried ? editor.checked.problems.filter((p) => belongs(p.path)) : [];
  usePageTitle(`${title} – ${editor.doc.title || editor.id}`, problems.length > 0);
  useFocusFromHash();
  const overview = frameworkPath(editor.id, editor.version);
  const caption = `${editor.doc.title || editor.id}, version ${String(editor.version)}`;
  if (editor.serverStatus === 'published') {
    return (
      <>
        <Link to={overview} className="govuk-back-link">
          Back to the framework
        </Link>
        <PageHeading caption={caption}>{title}</PageHeading>
        <div className="govuk-inset-text">
          This version is published and never changes. Create a draft from it to make changes.
        </div>
      </>
    );
  }
  return (
    <>
      <Link to={overview} className="govuk-back-link">
        Back to the framework
      </Link>
      <ProblemSummary problems={problems} />
      <PageHeading caption={caption}>{title}</PageHeading>
      <p className="govuk-body">
        Your changes are kept on this device as you type. Save the draft from the framework page.
      </p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setHasTried(true);
          const remaining = editor.checked.problems.filter((p) => belongs(p.path));
          if (remaining.length === 0) void navigate(overview);
        }}
      >
        {children}
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Continue
          </button>
          <Link to={overview} className="govuk-link">
            Return to the framework without checking
          </Link>
        </div>
      </form>
    </>
  );
}
