// The demo council's people as the integration tests name them: one sign-in per role and agency.
export const WHO = ['admin', 'qa-lead', 'education', 'health', 'social-care', 'sendat', 'parent-rep'] as const;
export type Who = (typeof WHO)[number];

export const EMAIL: Record<Who, string> = {
  admin: 'admin@demo.example',
  'qa-lead': 'qa.lead@demo.example',
  education: 'education.auditor@demo.example',
  health: 'health.auditor@demo.example',
  'social-care': 'social-care.auditor@demo.example',
  sendat: 'sendat@demo.example',
  'parent-rep': 'parent.rep@demo.example',
};

/** The three agencies that audit every plan of the demo plan-audit cycle. */
export const AGENCY_AUDITORS = ['education', 'health', 'social-care'] as const;
