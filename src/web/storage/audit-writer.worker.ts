// The storage worker: applies audit changes in its own thread, so a change commits to IndexedDB
// while the page is still painting the click that made it (on a slow tablet that paint takes
// longer than the write). The same repository code runs here as on the page.
import { z } from 'zod';
import { CriterionResponseSchema, GradeOverrideSchema, ConcernSchema } from '#shared/schemas/audit.ts';
import { changeAudit } from './audit-repository.ts';
import { adoptSealState, type SealState } from './seal-state.ts';
import { forgetPlaintexts } from './sealing.ts';

const SealStateSchema = z.custom<SealState>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    'mode' in value &&
    (value.mode === 'plain' ||
      value.mode === 'locked' ||
      (value.mode === 'sealed' && 'key' in value && value.key instanceof CryptoKey)),
);

const RequestSchema = z.strictObject({
  requestId: z.number().int(),
  auditId: z.string(),
  now: z.iso.datetime(),
  seal: SealStateSchema,
  change: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('response'), criterionId: z.string(), to: CriterionResponseSchema.nullable() }),
    z.strictObject({ kind: z.literal('sectionOverride'), sectionId: z.string(), to: GradeOverrideSchema.nullable() }),
    z.strictObject({ kind: z.literal('overallOverride'), to: GradeOverrideSchema.nullable() }),
    z.strictObject({ kind: z.literal('concern'), to: ConcernSchema.nullable() }),
  ]),
});

const reply = (message: unknown): void =>
  (globalThis as unknown as { postMessage: (m: unknown) => void }).postMessage(message);

const SealMessageSchema = z.strictObject({ kind: z.literal('seal'), seal: SealStateSchema });

globalThis.addEventListener('message', (event: MessageEvent) => {
  // The page locked (or was wiped): drop the key and every plaintext at once, not at the next change.
  const sealMessage = SealMessageSchema.safeParse(event.data);
  if (sealMessage.success) {
    if (sealMessage.data.seal.mode !== 'sealed') forgetPlaintexts();
    adoptSealState(sealMessage.data.seal);
    return;
  }
  const parsed = RequestSchema.safeParse(event.data);
  if (!parsed.success) return;
  const { requestId, auditId, change, now, seal } = parsed.data;
  if (seal.mode !== 'sealed') forgetPlaintexts();
  adoptSealState(seal);
  changeAudit(auditId, change, now).then(
    () => reply({ requestId, ok: true, committedAt: performance.timeOrigin + performance.now() }),
    (error: unknown) =>
      reply({
        requestId,
        ok: false,
        name: error instanceof Error ? error.name : 'Error',
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
