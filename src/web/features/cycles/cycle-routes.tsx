// Audit cycles, mounted at /cycles/* (placeholder until the screens land).
import { Route, Routes } from 'react-router';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';

function Placeholder() {
  usePageTitle('Audit cycles');
  return <PageHeading>Audit cycles</PageHeading>;
}

export function CycleRoutes() {
  return (
    <Routes>
      <Route index element={<Placeholder />} />
    </Routes>
  );
}
