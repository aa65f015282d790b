// The audit log viewer, mounted at /audit-log/*: online-only, for admins and QA leads.
import { Route, Routes } from 'react-router';
import { AuditLogPage } from './audit-log-page.tsx';

export function AuditLogRoutes() {
  return (
    <Routes>
      <Route index element={<AuditLogPage />} />
    </Routes>
  );
}
