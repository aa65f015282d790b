// The route table. Sign-in and "My audits" load with the app; the audit screens and the sync page
// are separate chunks, fetched (and precached by the service worker) right after the first render.
import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { MyAuditsPage } from '#web/features/my-audits/my-audits-page.tsx';
import { SignInPage } from '#web/features/auth/sign-in-page.tsx';
import { Layout } from './layout.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { RequireSession } from './require-session.tsx';

const loadAuditScreens = () => import('./audit-screens.ts');
const loadSyncScreens = () => import('./sync-screens.ts');
const loadModerationScreens = () => import('./moderation-screens.ts');
const loadReportScreens = () => import('./report-screens.ts');
const loadAdminScreens = () => import('./admin-screens.ts');
const loadPeopleScreens = () => import('./people-screens.ts');
const loadDataProtectionScreens = () => import('./data-protection-screens.ts');
const loadFeedbackScreens = () => import('./feedback-screens.ts');

const TaskListPage = lazy(() => loadAuditScreens().then((m) => ({ default: m.TaskListPage })));
const SectionPage = lazy(() => loadAuditScreens().then((m) => ({ default: m.SectionPage })));
const OverallPage = lazy(() => loadAuditScreens().then((m) => ({ default: m.OverallPage })));
const CheckAnswersPage = lazy(() => loadAuditScreens().then((m) => ({ default: m.CheckAnswersPage })));
const SubmittedPage = lazy(() => loadAuditScreens().then((m) => ({ default: m.SubmittedPage })));
const SyncPage = lazy(() => loadSyncScreens().then((m) => ({ default: m.SyncPage })));
const SignOutPage = lazy(() => loadSyncScreens().then((m) => ({ default: m.SignOutPage })));
const ModerationRoutes = lazy(() => loadModerationScreens().then((m) => ({ default: m.ModerationRoutes })));
const ResultsRoutes = lazy(() => loadModerationScreens().then((m) => ({ default: m.ResultsRoutes })));
const FeedbackRoutes = lazy(() => loadFeedbackScreens().then((m) => ({ default: m.FeedbackRoutes })));
const ReportRoutes = lazy(() => loadReportScreens().then((m) => ({ default: m.ReportRoutes })));
const SettingsRoutes = lazy(() => loadReportScreens().then((m) => ({ default: m.SettingsRoutes })));
const FrameworkRoutes = lazy(() => loadAdminScreens().then((m) => ({ default: m.FrameworkRoutes })));
const CycleRoutes = lazy(() => loadAdminScreens().then((m) => ({ default: m.CycleRoutes })));
const PeopleRoutes = lazy(() => loadPeopleScreens().then((m) => ({ default: m.PeopleRoutes })));
const AuditLogRoutes = lazy(() => loadPeopleScreens().then((m) => ({ default: m.AuditLogRoutes })));
const ChangePasswordPage = lazy(() => loadPeopleScreens().then((m) => ({ default: m.ChangePasswordPage })));
const SetPasswordPage = lazy(() => loadPeopleScreens().then((m) => ({ default: m.SetPasswordPage })));
const SsoCompletePage = lazy(() => loadPeopleScreens().then((m) => ({ default: m.SsoCompletePage })));
const SsoRefusedPage = lazy(() => loadPeopleScreens().then((m) => ({ default: m.SsoRefusedPage })));
const AccessibilityStatementPage = lazy(() =>
  loadDataProtectionScreens().then((m) => ({ default: m.AccessibilityStatementPage })),
);
const PrivacyNoticePage = lazy(() => loadDataProtectionScreens().then((m) => ({ default: m.PrivacyNoticePage })));
const PrivacyNoticeSettingsPage = lazy(() =>
  loadDataProtectionScreens().then((m) => ({ default: m.PrivacyNoticeSettingsPage })),
);
const RetentionSettingsPage = lazy(() =>
  loadDataProtectionScreens().then((m) => ({ default: m.RetentionSettingsPage })),
);
const SubjectAccessPage = lazy(() => loadDataProtectionScreens().then((m) => ({ default: m.SubjectAccessPage })));

/**
 * Loads every lazy screen into memory once the first page is up, so that a later update which
 * replaces the cached chunks cannot leave this open tab unable to reach a screen offline.
 */
export function preloadScreens(): Promise<unknown> {
  return Promise.all([
    loadAuditScreens(),
    loadSyncScreens(),
    loadModerationScreens(),
    loadReportScreens(),
    loadAdminScreens(),
    loadPeopleScreens(),
    loadDataProtectionScreens(),
    loadFeedbackScreens(),
  ]);
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/sign-in/complete" element={<SsoCompletePage />} />
        <Route path="/sign-in/refused" element={<SsoRefusedPage />} />
        <Route path="/set-password" element={<SetPasswordPage />} />
        {/* Readable by anyone, signed in or not: linked from every page's footer. */}
        <Route path="/accessibility" element={<AccessibilityStatementPage />} />
        <Route path="/privacy" element={<PrivacyNoticePage />} />
        <Route element={<RequireSession />}>
          <Route index element={<MyAuditsPage />} />
          <Route path="/audits/:auditId" element={<TaskListPage />} />
          <Route path="/audits/:auditId/sections/:sectionId" element={<SectionPage />} />
          <Route path="/audits/:auditId/overall" element={<OverallPage />} />
          <Route path="/audits/:auditId/check" element={<CheckAnswersPage />} />
          <Route path="/audits/:auditId/submitted" element={<SubmittedPage />} />
          <Route path="/moderation/*" element={<ModerationRoutes />} />
          <Route path="/results/*" element={<ResultsRoutes />} />
          <Route path="/feedback/*" element={<FeedbackRoutes />} />
          <Route path="/reports/*" element={<ReportRoutes />} />
          <Route path="/settings/*" element={<SettingsRoutes />} />
          <Route path="/settings/retention" element={<RetentionSettingsPage />} />
          <Route path="/settings/privacy-notice" element={<PrivacyNoticeSettingsPage />} />
          <Route path="/subject-access" element={<SubjectAccessPage />} />
          <Route path="/frameworks/*" element={<FrameworkRoutes />} />
          <Route path="/cycles/*" element={<CycleRoutes />} />
          <Route path="/people/*" element={<PeopleRoutes />} />
          <Route path="/audit-log/*" element={<AuditLogRoutes />} />
          <Route path="/account/password" element={<ChangePasswordPage />} />
          <Route path="/sync" element={<SyncPage />} />
          <Route path="/sign-out" element={<SignOutPage />} />
          {/* Drawn by RequireSession itself, before the lock: listed so the path is known. */}
          <Route path="/reset-pin" element={null} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
