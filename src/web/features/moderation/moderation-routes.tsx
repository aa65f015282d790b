// The moderation screens, mounted at /moderation/*: the list, then one moderation's overview,
// sections (and "overall"), actions, panel members, and check and sign off (or amend).
import { Route, Routes } from 'react-router';
import { ModerationActionFormPage, ModerationActionsPage } from './moderation-actions-page.tsx';
import { ModerationListPage } from './moderation-list-page.tsx';
import { ModerationOverviewPage } from './moderation-overview-page.tsx';
import { ModerationParticipantsPage } from './moderation-participants-page.tsx';
import { ModerationSectionPage } from './moderation-section-page.tsx';
import { ModerationSignedOffPage, ModerationSignOffPage } from './moderation-sign-off-page.tsx';

export function ModerationRoutes() {
  return (
    <Routes>
      <Route index element={<ModerationListPage />} />
      <Route path=":moderationId" element={<ModerationOverviewPage />} />
      <Route path=":moderationId/sections/:sectionId" element={<ModerationSectionPage />} />
      <Route path=":moderationId/actions" element={<ModerationActionsPage />} />
      <Route path=":moderationId/actions/:actionId" element={<ModerationActionFormPage />} />
      <Route path=":moderationId/participants" element={<ModerationParticipantsPage />} />
      <Route path=":moderationId/sign-off" element={<ModerationSignOffPage />} />
      <Route path=":moderationId/signed-off" element={<ModerationSignedOffPage />} />
    </Routes>
  );
}
