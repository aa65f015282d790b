// Re-audits: plans judged below "Good or better" in an earlier cycle's signed-off moderation,
// added to a later cycle's sample with where each came from and the grade it had.
import { acceptsNewAudits } from '#shared/domain/cycle-closing.ts';
import type { ReAuditCandidate, ReAuditRequest } from '#shared/protocol/api.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import { appendLog } from '../store/audit-log.ts';
import { findCycleRow, insertReAudits, updateCycleDoc } from '../store/cycles.ts';
import { restampRecord } from '../store/feed.ts';
import type { FrameworkCache } from '../store/frameworks.ts';
import { latestModerations, type LatestModeration } from '../store/moderations.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';
import { CycleError, labelFor, requireCycleRow } from './cycles.ts';

/**
 * The plans of an earlier cycle and whether each may be re-audited in `target`: only plans whose
 * latest signed-off moderation agreed an overall grade below the framework's "Good or better" line
 * (Requires improvement or Inadequate on the usual scale), and not already in the target's sample.
 */
export async function reAuditCandidates(
  db: SqlRunner,
  frameworks: FrameworkCache,
  targetId: string,
  fromId: string,
): Promise<ReAuditCandidate[]> {
  return (await checkReAudits(db, frameworks, (await requireCycleRow(db, targetId)).doc, fromId)).candidates;
}

/** reAuditCandidates for a target already read, with what scheduling them needs of the earlier cycle. */
async function checkReAudits(
  db: SqlRunner,
  frameworks: FrameworkCache,
  target: Cycle,
  fromId: string,
): Promise<{ candidates: ReAuditCandidate[]; source: Cycle; signedOff: Map<string, LatestModeration> }> {
  if (fromId === target.id) {
    throw new CycleError('validation-failed', 'a cycle cannot re-audit its own plans', [
      { path: 'fromCycleId', message: 'choose an earlier cycle' },
    ]);
  }
  const source = await findCycleRow(db, fromId);
  if (!source) {
    throw new CycleError('validation-failed', 'there is no such earlier cycle', [
      { path: 'fromCycleId', message: 'there is no such cycle' },
    ]);
  }
  if (source.doc.periodStart >= target.periodStart) {
    throw new CycleError('validation-failed', 'plans can only be re-audited in a later cycle', [
      { path: 'fromCycleId', message: `${source.doc.name} does not start before ${target.name}` },
    ]);
  }
  const framework = await frameworks.get(db, source.framework_id, source.framework_version, { includeDrafts: true });
  const goodFrom = framework?.gradeScale.goodOrBetterFrom ?? Number.POSITIVE_INFINITY;
  const goodLabel = labelFor(framework, goodFrom) ?? 'Good';
  const signedOff = await latestModerations(db, fromId, 'signed-off');
  const inTarget = new Set(target.sampledPlans);
  const candidates = source.doc.sampledPlans.map((planRef): ReAuditCandidate => {
    const grade = signedOff.get(planRef)?.doc.overall.agreedGrade ?? null;
    const shown = { planRef, grade, gradeLabel: labelFor(framework, grade) };
    const refuse = (reason: string): ReAuditCandidate => ({ ...shown, eligible: false, reason });
    if (inTarget.has(planRef)) return refuse(`already in ${target.name}`);
    if (!signedOff.has(planRef)) return refuse(`no signed-off moderation in ${source.doc.name}`);
    if (grade === null) return refuse('the signed-off moderation agreed no overall grade');
    if (grade >= goodFrom)
      return refuse(`judged ${shown.gradeLabel ?? ''}: only plans below ${goodLabel} are re-audited`);
    return { ...shown, eligible: true };
  });
  return { candidates, source: source.doc, signedOff };
}

/**
 * Adds plans judged below Good in an earlier cycle to this cycle's sample. Every plan is checked
 * first; one that cannot be re-audited refuses the whole request, with a reason per plan, and
 * nothing is stored.
 */
export async function scheduleReAudits(
  db: SqlClient,
  frameworks: FrameworkCache,
  actorId: string | null,
  cycleId: string,
  request: ReAuditRequest,
): Promise<{ cycle: Cycle; added: string[] }> {
  return db.transaction(async (tx) => {
    const before = (await requireCycleRow(tx, cycleId, true)).doc;
    // Re-audits are new work in the cycle: a closed one takes none (an admin can reopen it).
    if (!acceptsNewAudits(before.status)) {
      throw new CycleError('refused', 'the cycle is closed, so no re-audits can be scheduled into it');
    }
    const checked = await checkReAudits(tx, frameworks, before, request.fromCycleId);
    const candidates = new Map(checked.candidates.map((c) => [c.planRef, c]));
    const issues: { path: string; message: string }[] = [];
    const wanted = [...new Set(request.planRefs)];
    request.planRefs.forEach((planRef, i) => {
      const candidate = candidates.get(planRef);
      if (!candidate)
        issues.push({ path: `planRefs[${i}]`, message: `${planRef} is not in the earlier cycle's sample` });
      else if (!candidate.eligible) issues.push({ path: `planRefs[${i}]`, message: `${planRef}: ${candidate.reason}` });
    });
    if (issues.length > 0) throw new CycleError('validation-failed', 'some plans cannot be re-audited', issues);
    await insertReAudits(
      tx,
      cycleId,
      request.fromCycleId,
      actorId,
      wanted.map((planRef) => ({
        planRef,
        moderationId: checked.signedOff.get(planRef)?.id ?? '',
        grade: candidates.get(planRef)?.grade ?? 0,
      })),
    );
    const cycle: Cycle = { ...before, sampledPlans: [...before.sampledPlans, ...wanted].sort() };
    await updateCycleDoc(tx, cycle);
    await appendLog(tx, {
      actorId,
      action: 'cycle.re-audit',
      entityKind: 'cycle',
      entityId: cycleId,
      before: { sampledPlans: before.sampledPlans },
      after: {
        sampledPlans: cycle.sampledPlans,
        reAudits: wanted.map((planRef) => ({
          planRef,
          fromCycleId: request.fromCycleId,
          fromCycleName: checked.source.name,
          grade: candidates.get(planRef)?.grade,
        })),
      },
    });
    await restampRecord(tx, 'cycle', cycleId);
    return { cycle, added: wanted };
  });
}
