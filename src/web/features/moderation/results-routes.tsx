// Moderated results an auditor may read, mounted at /results/* (placeholder until the screens land).
import { Route, Routes } from 'react-router';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';

function Placeholder() {
  usePageTitle('Moderated results');
  return <PageHeading>Moderated results</PageHeading>;
}

export function ResultsRoutes() {
  return (
    <Routes>
      <Route index element={<Placeholder />} />
    </Routes>
  );
}
