// Everything an audit screen needs, read together from the device: the audit, the framework
// version it is pinned to, the plan's attributes and the cycle. Live: it follows every save.
import type { Audit } from '#shared/schemas/audit.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import type { Framework, RatingMeaning } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { getAudit } from '#web/storage/audit-repository.ts';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getCycle, getFramework, getPlan } from '#web/storage/reference-data.ts';

export type AuditView =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'no-framework'; audit: Audit }
  | { status: 'ready'; audit: Audit; framework: Framework; plan: Plan | undefined; cycle: Cycle | undefined };

export function useAudit(auditId: string): AuditView {
  const view = useStoredQuery(async (): Promise<AuditView> => {
    const audit = await getAudit(auditId);
    if (!audit) return { status: 'missing' };
    const [framework, plan, cycle] = await Promise.all([
      getFramework(audit.frameworkId, audit.frameworkVersion),
      getPlan(audit.planRef),
      getCycle(audit.cycleId),
    ]);
    if (!framework) return { status: 'no-framework', audit };
    return { status: 'ready', audit, framework, plan, cycle };
  }, [auditId]);
  return view ?? { status: 'loading' };
}

export function ratingLabel(framework: Framework, rating: RatingMeaning | undefined): string {
  if (!rating) return 'Not answered';
  return framework.ratingOptions.find((option) => option.meaning === rating)?.label ?? rating;
}

export const auditPath = (auditId: string): string => `/audits/${auditId}`;
export const sectionPath = (auditId: string, sectionId: string): string =>
  `/audits/${auditId}/sections/${encodeURIComponent(sectionId)}`;
