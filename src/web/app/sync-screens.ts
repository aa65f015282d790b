// Sync details and sign-out, as one lazily loaded chunk.
export { SignOutPage } from '#web/features/auth/sign-out-page.tsx';
export { SyncPage } from '#web/features/sync-status/sync-page.tsx';
