// GET /api/settings (anyone signed in) and PUT /api/settings (admins): the council's settings.
// The same record reaches devices through sync as change kind "settings", id "council".
import { z } from 'zod';
import { CouncilSettingsSchema, PublishedFigureIdSchema } from '#shared/schemas/settings.ts';

/** What GET /api/settings answers: the defaults until an admin has saved settings. */
export const GetSettingsResponseSchema = CouncilSettingsSchema;

/** The body of PUT /api/settings: the whole record (leave out logoDataUrl to remove the logo). */
export const PutSettingsRequestSchema = CouncilSettingsSchema;

/** What PUT /api/settings answers: the settings as stored. */
export const PutSettingsResponseSchema = CouncilSettingsSchema;

/** What GET /api/publication/choices answers (admins): the figures that can be published, fixed ones first. */
export const PublishableFiguresResponseSchema = z.strictObject({
  choices: z.array(z.strictObject({ id: PublishedFigureIdSchema, label: z.string() })),
});
