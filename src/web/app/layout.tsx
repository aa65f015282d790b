// The page frame: skip link, the generic header (no crown, no GOV.UK logotype), service
// navigation, the sync status line and the update prompt. (Each page's heading takes focus after
// an in-app navigation: see components/page.tsx.)
import { Suspense, type ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { SERVICE_NAME } from '#web/components/page.tsx';
import { SyncStatusLine } from '#web/features/sync-status/sync-status-line.tsx';
import { UpdatePrompt } from '#web/pwa/update-prompt.tsx';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';

function NavItem({ to, isActive, children }: { to: string; isActive: boolean; children: ReactNode }) {
  return (
    <li className={`govuk-service-navigation__item${isActive ? ' govuk-service-navigation__item--active' : ''}`}>
      <Link className="govuk-service-navigation__link" to={to} aria-current={isActive ? 'page' : undefined}>
        {isActive ? <strong className="govuk-service-navigation__active-fallback">{children}</strong> : children}
      </Link>
    </li>
  );
}

export function Layout() {
  const location = useLocation();
  const session = useStoredQuery(async () => (await getSession()) ?? null, []);
  const path = location.pathname;
  const isAuditOpen = path.startsWith('/audits/');
  const roles = new Set(session?.user.roles ?? []);
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <header className="govuk-template__header">
        <div className="govuk-generic-header">
          <div className="govuk-generic-header__container govuk-width-container">
            <div className="govuk-generic-header__logo">
              <Link to="/" className="govuk-generic-header__homepage-link">
                {SERVICE_NAME}
              </Link>
            </div>
          </div>
        </div>
        {session ? (
          <section
            aria-label="Service information"
            className="govuk-service-navigation"
            data-module="govuk-service-navigation"
          >
            <div className="govuk-width-container">
              <div className="govuk-service-navigation__container">
                <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                  <ul className="govuk-service-navigation__list" id="navigation">
                    {/* Everyone lands on My audits after signing in, so everyone can get back to it. */}
                    <NavItem to="/" isActive={path === '/' || isAuditOpen}>
                      My audits
                    </NavItem>
                    {roles.has('auditor') ? (
                      <NavItem to="/results" isActive={path.startsWith('/results')}>
                        Results
                      </NavItem>
                    ) : null}
                    {roles.has('qa-lead') || roles.has('parent-rep') ? (
                      <NavItem to="/moderation" isActive={path.startsWith('/moderation')}>
                        Moderation
                      </NavItem>
                    ) : null}
                    {roles.has('qa-lead') || roles.has('admin') ? (
                      <NavItem to="/cycles" isActive={path.startsWith('/cycles')}>
                        Cycles
                      </NavItem>
                    ) : null}
                    {roles.has('qa-lead') || roles.has('admin') ? (
                      <NavItem to="/frameworks" isActive={path.startsWith('/frameworks')}>
                        Frameworks
                      </NavItem>
                    ) : null}
                    {!roles.has('parent-rep') &&
                    (roles.has('qa-lead') || roles.has('admin') || session?.user.agency === 'sendat') ? (
                      <NavItem to="/feedback" isActive={path.startsWith('/feedback')}>
                        Feedback calls
                      </NavItem>
                    ) : null}
                    {roles.has('qa-lead') || roles.has('admin') || roles.has('parent-rep') ? (
                      <NavItem to="/reports" isActive={path.startsWith('/reports')}>
                        Reports
                      </NavItem>
                    ) : null}
                    {roles.has('qa-lead') || roles.has('admin') ? (
                      <NavItem to="/people" isActive={path.startsWith('/people')}>
                        People
                      </NavItem>
                    ) : null}
                    {roles.has('qa-lead') || roles.has('admin') ? (
                      <NavItem to="/audit-log" isActive={path.startsWith('/audit-log')}>
                        Audit log
                      </NavItem>
                    ) : null}
                    {roles.has('admin') ? (
                      <NavItem to="/settings" isActive={path.startsWith('/settings')}>
                        Settings
                      </NavItem>
                    ) : null}
                    <NavItem to="/sync" isActive={path === '/sync'}>
                      Sync
                    </NavItem>
                    <NavItem to="/sign-out" isActive={path === '/sign-out'}>
                      Sign out<span className="govuk-visually-hidden"> {session.user.name}</span>
                    </NavItem>
                  </ul>
                </nav>
              </div>
            </div>
          </section>
        ) : null}
        {session ? <SyncStatusLine /> : null}
      </header>
      <div className="govuk-width-container">
        <UpdatePrompt isAuditOpen={isAuditOpen} />
        <main className="govuk-main-wrapper" id="main-content">
          <Suspense
            fallback={
              <p className="govuk-body" role="status">
                Loading…
              </p>
            }
          >
            <Outlet />
          </Suspense>
        </main>
      </div>
      <footer className="govuk-footer">
        <div className="govuk-width-container">
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <h2 className="govuk-visually-hidden">Support links</h2>
              <ul className="govuk-footer__inline-list">
                <li className="govuk-footer__inline-list-item">
                  <Link className="govuk-footer__link" to="/accessibility">
                    Accessibility statement
                  </Link>
                </li>
                <li className="govuk-footer__inline-list-item">
                  <Link className="govuk-footer__link" to="/privacy">
                    Privacy notice
                  </Link>
                </li>
              </ul>
              <p className="govuk-body-s govuk-!-margin-bottom-0">
                {SERVICE_NAME}
                {session ? ` · Signed in as ${session.user.name}` : ''} · Version{' '}
                {import.meta.env.VITE_BUILD_ID ?? 'local'}
              </p>
              {session ? (
                <p className="govuk-body-s govuk-!-margin-bottom-0 govuk-!-margin-top-1">
                  <Link className="govuk-footer__link" to="/account/password">
                    Change your password
                  </Link>
                </p>
              ) : null}
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}
