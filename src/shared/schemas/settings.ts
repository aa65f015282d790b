// What a council sets once for the whole installation: its name and logo on reports, whether
// parent-carer representatives see auditors' names, and the small-number suppression threshold.
import { z } from 'zod';

export const LOGO_MAX_BYTES = 200 * 1024;

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
});
export type CouncilSettings = z.infer<typeof CouncilSettingsSchema>;

export const DEFAULT_COUNCIL_SETTINGS: CouncilSettings = {
  councilName: 'Demo Council',
  showAuditorNamesToParentReps: false,
  smallNumberThreshold: 5,
};
