// Data protection endpoints: retention settings and the dry-run preview (admins), the privacy
// notice (anyone may read it, admins complete it) and the subject access export (admins).
import { z } from 'zod';
import { PrivacyNoticeSchema, RetentionSettingsSchema } from '#shared/schemas/data-protection.ts';

/** GET and PUT /api/settings/retention: the body and answer are the whole record. */
export const RetentionSettingsBodySchema = RetentionSettingsSchema;

/** GET /api/privacy-notice (no sign-in needed) and PUT /api/settings/privacy-notice (admins). */
export const PrivacyNoticeResponseSchema = z.strictObject({
  notice: PrivacyNoticeSchema,
  /** False while the notice is still the shipped template. */
  isCompleted: z.boolean(),
  updatedAt: z.iso.datetime().nullable(),
});
export type PrivacyNoticeResponse = z.infer<typeof PrivacyNoticeResponseSchema>;
export const PutPrivacyNoticeRequestSchema = PrivacyNoticeSchema;

const CountSchema = z.number().int().min(0);

/** What a retention run removed, or in a dry run would remove. */
export const RetentionReportSchema = z.strictObject({
  isDryRun: z.boolean(),
  at: z.iso.datetime(),
  settings: RetentionSettingsSchema,
  audits: z.array(
    z.strictObject({
      id: z.string(),
      cycleId: z.string(),
      planRef: z.string(),
      revision: z.number().int(),
      status: z.string(),
    }),
  ),
  moderations: z.array(
    z.strictObject({
      id: z.string(),
      cycleId: z.string(),
      planRef: z.string(),
      revision: z.number().int(),
      status: z.string(),
      actions: CountSchema,
    }),
  ),
  /** Moderations past their period kept because a re-audit in an open cycle still refers to them. */
  keptForOpenReAudits: z.array(z.string()),
  auditLog: z.strictObject({
    entries: CountSchema,
    oldest: z.iso.datetime().nullable(),
    newest: z.iso.datetime().nullable(),
  }),
});
export type RetentionReport = z.infer<typeof RetentionReportSchema>;

/** GET /api/subject-access/:planRef answers a ZIP; its manifest.json has this shape. */
export const SubjectAccessManifestSchema = z.strictObject({
  planRef: z.string(),
  exportedAt: z.iso.datetime(),
  exportedBy: z.string(),
  counts: z.strictObject({
    assignments: CountSchema,
    audits: CountSchema,
    moderations: CountSchema,
    actions: CountSchema,
    reAudits: CountSchema,
    auditLogEntries: CountSchema,
  }),
  files: z.array(z.string()),
});
export type SubjectAccessManifest = z.infer<typeof SubjectAccessManifestSchema>;
