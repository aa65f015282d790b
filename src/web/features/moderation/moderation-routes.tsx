// The moderation screens, mounted at /moderation/* (placeholder until the screens land).
import { Route, Routes } from 'react-router';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';

function Placeholder() {
  usePageTitle('Moderation');
  return <PageHeading>Moderation</PageHeading>;
}

export function ModerationRoutes() {
  return (
    <Routes>
      <Route index element={<Placeholder />} />
    </Routes>
  );
}
