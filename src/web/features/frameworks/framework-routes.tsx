// Framework authoring, mounted at /frameworks/* (placeholder until the screens land).
import { Route, Routes } from 'react-router';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';

function Placeholder() {
  usePageTitle('Frameworks');
  return <PageHeading>Frameworks</PageHeading>;
}

export function FrameworkRoutes() {
  return (
    <Routes>
      <Route index element={<Placeholder />} />
    </Routes>
  );
}
