// The figures a council publishes on its Local Offer site, computed on request from signed-off
// moderations only (the latest signed-off revision of each plan in each cycle) over the last 12
// months. Only aggregates leave this module; see #shared/domain/published-figures.ts for the rules.
import { computePublishedFigures, type PublicPlan, type PublishedFigure } from '#shared/domain/published-figures.ts';
import { AuditSchema } from '#shared/schemas/audit.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { ModerationSchema } from '#shared/schemas/moderation.ts';
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import type { SqlRunner } from '../store/sql-client.ts';

export type PublicFigures = {
  councilName: string;
  threshold: number;
  period: { from: string; to: string };
  figures: PublishedFigure[];
};

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

async function signedOffPlans(db: SqlRunner, from: Date): Promise<PublicPlan[]> {
  const rows = await db.query<{ moderation: unknown; framework: Framework }>(
    `SELECT m.doc AS moderation, f.doc AS framework
       FROM moderations m
       JOIN frameworks f ON f.id = m.doc->>'frameworkId' AND f.version = (m.doc->>'frameworkVersion')::integer
      WHERE m.status = 'signed-off' AND m.signed_off_at >= $1
        AND NOT EXISTS (SELECT 1 FROM moderations later
          WHERE later.cycle_id = m.cycle_id AND later.plan_ref = m.plan_ref
            AND later.status = 'signed-off' AND later.revision > m.revision)
      ORDER BY m.id`,
    [from],
  );
  const moderations = rows.flatMap((row) => {
    const parsed = ModerationSchema.safeParse(row.moderation);
    return parsed.success ? [{ moderation: parsed.data, framework: row.framework }] : [];
  });
  const auditIds = moderations.flatMap((m) => m.moderation.auditRefs.map((r) => r.auditId));
  const auditRows =
    auditIds.length === 0
      ? []
      : await db.query<{ doc: unknown }>(
          "SELECT doc FROM audits WHERE id = ANY ($1::text[]) AND status = 'submitted'",
          [auditIds],
        );
  const audits = new Map(
    auditRows.flatMap((row) => {
      const parsed = AuditSchema.safeParse(row.doc);
      return parsed.success ? [[parsed.data.id, parsed.data] as const] : [];
    }),
  );
  return moderations.map(({ moderation, framework }) => ({
    date: (moderation.signedOffAt ?? moderation.updatedAt).slice(0, 10),
    framework,
    moderated: { overall: moderation.overall.agreedGrade },
    audits: moderation.auditRefs.flatMap((ref) => {
      const audit = audits.get(ref.auditId);
      return audit ? [{ agency: audit.agency, responses: audit.responses }] : [];
    }),
  }));
}

export async function getPublicFigures(db: SqlRunner, settings: CouncilSettings, now: Date): Promise<PublicFigures> {
  const chosen = settings.publication?.figures ?? [];
  const from = new Date(now.getTime() - YEAR_MS);
  const plans = chosen.length === 0 ? [] : await signedOffPlans(db, from);
  return {
    councilName: settings.councilName,
    threshold: settings.smallNumberThreshold,
    period: { from: from.toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) },
    figures: computePublishedFigures(plans, chosen, settings.smallNumberThreshold),
  };
}
