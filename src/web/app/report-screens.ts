// The dashboard, reports, exports and council settings, as one lazily loaded chunk. The PDF
// library is not in it: the report worker loads that on first use.
export { ReportRoutes } from '#web/features/reports/report-routes.tsx';
export { SettingsRoutes } from '#web/features/reports/settings-routes.tsx';
