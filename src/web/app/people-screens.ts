// People, the audit log, passwords and the single sign-on landing pages, as one lazily loaded chunk.
export { AuditLogRoutes } from '#web/features/audit-log/audit-log-routes.tsx';
export { ChangePasswordPage } from '#web/features/auth/change-password-page.tsx';
export { SetPasswordPage } from '#web/features/auth/set-password-page.tsx';
export { SsoCompletePage } from '#web/features/auth/sso-complete-page.tsx';
export { SsoRefusedPage } from '#web/features/auth/sso-refused-page.tsx';
export { PeopleRoutes } from '#web/features/people/people-routes.tsx';
