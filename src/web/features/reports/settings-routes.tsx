// The council's settings, mounted at /settings/* (placeholder until the screens land).
import { Route, Routes } from 'react-router';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';

function Placeholder() {
  usePageTitle('Council settings');
  return <PageHeading>Council settings</PageHeading>;
}

export function SettingsRoutes() {
  return (
    <Routes>
      <Route index element={<Placeholder />} />
    </Routes>
  );
}
