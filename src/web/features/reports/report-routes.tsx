// Dashboard, reports and exports, mounted at /reports/*.
import { Route, Routes } from 'react-router';
import { AgreementPage } from './agreement-page.tsx';
import { BoardReportPage, DashboardPage, ExportsPage, PlanReportPage, PlanReportsPage } from './report-pages.tsx';

export function ReportRoutes() {
  return (
    <Routes>
      <Route index element={<DashboardPage />} />
      <Route path="board" element={<BoardReportPage />} />
      <Route path="plans" element={<PlanReportsPage />} />
      <Route path="plans/:cycleId/:planRef" element={<PlanReportPage />} />
      <Route path="exports" element={<ExportsPage />} />
      <Route path="agreement" element={<AgreementPage />} />
    </Routes>
  );
}
