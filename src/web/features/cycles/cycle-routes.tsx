// Audit cycles, mounted at /cycles/*: online-only screens for QA leads (admins see cycles to close or reopen one).
import { Route, Routes } from 'react-router';
import { AssignPage } from './assign-page.tsx';
import { ChangeCycleStatusPage } from './close-cycle-page.tsx';
import { CreateCyclePage } from './create-cycle-page.tsx';
import { CycleListPage } from './cycle-list-page.tsx';
import { CyclePage } from './cycle-page.tsx';
import { ImportPlansPage } from './import-plans-page.tsx';
import { MovementPage } from './movement-page.tsx';
import { ReAuditPage } from './re-audit-page.tsx';

export function CycleRoutes() {
  return (
    <Routes>
      <Route index element={<CycleListPage />} />
      <Route path="new" element={<CreateCyclePage />} />
      <Route path="import" element={<ImportPlansPage />} />
      <Route path=":cycleId" element={<CyclePage />} />
      <Route path=":cycleId/assign" element={<AssignPage />} />
      <Route path=":cycleId/re-audits" element={<ReAuditPage />} />
      <Route path=":cycleId/movement" element={<MovementPage />} />
      <Route path=":cycleId/close" element={<ChangeCycleStatusPage change="close" />} />
      <Route path=":cycleId/reopen" element={<ChangeCycleStatusPage change="reopen" />} />
    </Routes>
  );
}
