// The GOV.UK error summary for the editor: the framework's problems, each a link to the part page
// and field that shows it. Part pages focus the field named in the address's hash on arrival.
import { useEffect, useRef } from 'react';
import { Link, useLocation } from 'react-router';
import { focusField } from '#web/components/error-summary.tsx';
import { describeProblem, fieldId, fieldPathFor, frameworkPath, partPathFor } from './editor-model.ts';
import { useEditor } from './editor-state.tsx';

export type SummaryProblem = { path: string; message: string };

export function ProblemSummary({
  problems,
  title = 'There is a problem',
}: {
  problems: SummaryProblem[];
  title?: string;
}) {
  const { doc, id, version } = useEditor();
  const ref = useRef<HTMLDivElement>(null);
  const { pathname } = useLocation();
  const signature = problems.map((p) => `${p.path}:${p.message}`).join('|');
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (problems.length === 0) return null;
  const base = frameworkPath(id, version);
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {problems.map((problem) => {
              const target = fieldId(fieldPathFor(problem.path));
              const page = `${base}/${partPathFor(problem.path)}`;
              const samePage = decodeURIComponent(pathname) === decodeURIComponent(page);
              return (
                <li key={`${problem.path}-${problem.message}`}>
                  <Link
                    to={`${page}#${target}`}
                    onClick={(event) => {
                      if (!samePage) return;
                      event.preventDefault();
                      focusField(target);
                    }}
                  >
                    {describeProblem(doc, problem)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** On a part page: move to the field the address names, as the error summary's links ask. */
export function useFocusFromHash(): void {
  const { hash } = useLocation();
  useEffect(() => {
    if (hash.length > 1) focusField(decodeURIComponent(hash.slice(1)));
  }, [hash]);
}
