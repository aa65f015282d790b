// What a council sets once for the whole installation: its name and logo on reports, whether
// parent-carer representatives see auditors' names, and the small-number suppression threshold.
import { z } from 'zod';

export const LOGO_MAX_BYTES = 200 * 1024;

/**
 * A figure the council may publish: the fixed headline figures, or an annual-review measure that a
 * framework declares ("measure:review-within-12-months"). See src/shared/domain/published-figures.ts.
 */
export const PublishedFigureIdSchema = z
  .string()
  .regex(
    /^(plans-moderated|good-or-better-overall|measure:[A-Za-z0-9][A-Za-z0-9._-]{0,39})$/,
    'not a figure that can be published',
  );

/** Where a Local Offer site may embed the public figures page: https and a host, nothing after it. */
export const EmbedOriginSchema = z
  .string()
  .regex(
    /^(https:\/\/[a-z0-9.-]+|http:\/\/(localhost|127\.0\.0\.1))(:\d{1,5})?$/,
    'enter the Local Offer site as https:// and its host name only, for example https://localoffer.example.gov.uk',
  );

export const PublicationSettingsSchema = z.strictObject({
  /** In the order the council wants them shown; empty publishes nothing. */
  figures: z.array(PublishedFigureIdSchema).max(20),
  embedOrigin: EmbedOriginSchema.optional(),
});
export type PublicationSettings = z.infer<typeof PublicationSettingsSchema>;

/** How devices guard the work they hold: lock after idle minutes, wipe after wrong PINs. */
export const DeviceLockSettingsSchema = z.strictObject({
  idleMinutes: z.number().int().min(1).max(240),
  maxAttempts: z.number().int().min(3).max(20),
});
export type DeviceLockSettings = z.infer<typeof DeviceLockSettingsSchema>;
export const DEFAULT_DEVICE_LOCK: DeviceLockSettings = { idleMinutes: 15, maxAttempts: 5 };

export const CouncilSettingsSchema = z.strictObject({
  councilName: z.string().trim().min(1, 'enter the council name').max(120),
  /** A PNG or JPEG as a data: URL, drawn on report covers; absent means no logo. */
  logoDataUrl: z
    .string()
    .max(Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 40)
    .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, 'the logo must be a PNG or JPEG image')
    .optional(),
  /** Off by default: parent-carer representatives see "Auditor 1 (Health)", not a name. */
  showAuditorNamesToParentReps: z.boolean(),
  /** Counts below this are shown as "fewer than N" in views for parent-carer representatives. */
  smallNumberThreshold: z.number().int().min(1).max(100),
  /** What the public figures page and CSV show; absent publishes nothing. */
  publication: PublicationSettingsSchema.optional(),
  /** Absent means DEFAULT_DEVICE_LOCK. */
  deviceLock: DeviceLockSettingsSchema.optional(),
});
export type CouncilSettings = z.infer<typeof CouncilSettingsSchema>;

export const DEFAULT_COUNCIL_SETTINGS: CouncilSettings = {
  councilName: 'Demo Council',
  showAuditorNamesToParentReps: false,
  smallNumberThreshold: 5,
};
