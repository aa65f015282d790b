// Moderation and moderated results, as one lazily loaded chunk.
export { ModerationRoutes } from '#web/features/moderation/moderation-routes.tsx';
export { ResultsRoutes } from '#web/features/moderation/results-routes.tsx';
