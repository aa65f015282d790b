// The audit screens, as one lazily loaded chunk.
export { CheckAnswersPage } from '#web/features/audit/check-answers-page.tsx';
export { OverallPage } from '#web/features/audit/overall-page.tsx';
export { SectionPage } from '#web/features/audit/section-page.tsx';
export { SubmittedPage } from '#web/features/audit/submitted-page.tsx';
export { TaskListPage } from '#web/features/audit/task-list-page.tsx';
