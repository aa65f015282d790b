// People and what they may do. Roles are additive; an auditor belongs to one agency.
import { z } from 'zod';
import { AgencySchema } from './framework.ts';

export const ROLES = ['admin', 'qa-lead', 'auditor', 'parent-rep'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UserIdSchema = z.string().min(1).max(64);

export const UserSchema = z
  .strictObject({
    id: UserIdSchema,
    name: z.string().trim().min(1).max(120),
    email: z.email().max(200),
    roles: z.array(RoleSchema).min(1),
    agency: AgencySchema.optional(),
  })
  .refine((u) => !u.roles.includes('auditor') || u.agency !== undefined, {
    message: 'an auditor needs an agency',
    path: ['agency'],
  });
export type User = z.infer<typeof UserSchema>;

export const SignInRequestSchema = z.strictObject({
  email: z.email().max(200),
  password: z.string().min(1).max(200),
});
export type SignInRequest = z.infer<typeof SignInRequestSchema>;

/** GET /api/session and POST /api/session answer with this. */
export const SessionSchema = z.strictObject({
  user: UserSchema,
  /** Sent back in the x-csrf-token header on every state-changing request. */
  csrfToken: z.string().min(16),
  expiresAt: z.iso.datetime(),
});
export type Session = z.infer<typeof SessionSchema>;
