// Framework authoring for QA leads and admins, mounted at /frameworks/*: the list, drafts made from
// scratch, from a published version, from a JSON file or a spreadsheet; an editor with live checks;
// a preview as an auditor sees it; publishing; and a readable diff between two versions.
import { Route, Routes, useParams } from 'react-router';
import { ComparePage } from './compare-page.tsx';
import {
  DetailsPage,
  EditorMissing,
  ExportPage,
  GradeScalePage,
  OverviewPage,
  PublishPage,
  RatingsPage,
  RulesPage,
} from './editor-pages.tsx';
import { FrameworkEditorProvider, useEditor } from './editor-state.tsx';
import { ImportCsvPage, ImportJsonPage } from './import-pages.tsx';
import { FrameworkListPage, NewFrameworkPage } from './list-page.tsx';
import { PreviewPage } from './preview-page.tsx';
import { SectionEditPage, SectionsPage } from './section-editor.tsx';

function EditorRoutes() {
  const { id = '', version = '' } = useParams();
  const versionNumber = /^\d{1,6}$/.test(version) ? Number(version) : NaN;
  if (!Number.isInteger(versionNumber)) return <EditorMissing />;
  return (
    <FrameworkEditorProvider key={`${id}@${version}`} id={id} version={versionNumber}>
      <LoadedEditorRoutes />
    </FrameworkEditorProvider>
  );
}

function LoadedEditorRoutes() {
  const { load } = useEditor();
  if (load.status !== 'ready') return <EditorMissing />;
  return (
    <Routes>
      <Route index element={<OverviewPage />} />
      <Route path="details" element={<DetailsPage />} />
      <Route path="grade-scale" element={<GradeScalePage />} />
      <Route path="ratings" element={<RatingsPage />} />
      <Route path="sections" element={<SectionsPage />} />
      <Route path="sections/:index" element={<SectionEditPage />} />
      <Route path="rules" element={<RulesPage />} />
      <Route path="preview/:index" element={<PreviewPage />} />
      <Route path="publish" element={<PublishPage />} />
      <Route path="export" element={<ExportPage />} />
    </Routes>
  );
}

export function FrameworkRoutes() {
  return (
    <Routes>
      <Route index element={<FrameworkListPage />} />
      <Route path="new" element={<NewFrameworkPage />} />
      <Route path="import" element={<ImportJsonPage />} />
      <Route path="import-csv" element={<ImportCsvPage />} />
      <Route path="compare" element={<ComparePage />} />
      <Route path=":id/:version/*" element={<EditorRoutes />} />
    </Routes>
  );
}
