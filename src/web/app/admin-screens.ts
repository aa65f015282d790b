// Framework authoring and audit cycles, as one lazily loaded chunk.
export { CycleRoutes } from '#web/features/cycles/cycle-routes.tsx';
export { FrameworkRoutes } from '#web/features/frameworks/framework-routes.tsx';
