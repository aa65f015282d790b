// The audit and moderation repository suites again, on devices encrypted with a PIN
// right after seeding: every change, conflict, refusal and pull behaves the same when the rows are
// sealed and each write is captured, sealed and replayed (sealing.ts).
import { sealSeededDevices } from '#tests/web-support/device-fixtures.tsx';

sealSeededDevices();
await import('./audit-repository.test.ts');
await import('./moderation-repository.test.ts');
