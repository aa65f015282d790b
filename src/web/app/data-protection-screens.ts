// The accessibility statement, the privacy notice, and the admins' data protection screens
// (retention periods, the privacy notice form, subject access), as one lazily loaded chunk.
export { AccessibilityStatementPage } from '#web/features/data-protection/accessibility-statement-page.tsx';
export { PrivacyNoticePage } from '#web/features/data-protection/privacy-notice-page.tsx';
export { PrivacyNoticeSettingsPage } from '#web/features/data-protection/privacy-notice-settings-page.tsx';
export { RetentionSettingsPage } from '#web/features/data-protection/retention-settings-page.tsx';
export { SubjectAccessPage } from '#web/features/data-protection/subject-access-page.tsx';
