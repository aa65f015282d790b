// The parent-carer feedback call screens, as one lazily loaded chunk (precached for offline use).
export { FeedbackRoutes } from '#web/features/feedback/feedback-routes.tsx';
