// Which criteria apply to a plan: a criterion with an applicability condition applies only when the
// plan's attributes satisfy it (e.g. preparing-for-adulthood criteria from Year 9).
import type { Condition, Criterion, Framework } from '#shared/schemas/framework.ts';
import type { PlanAttributes } from '#shared/schemas/plan.ts';

export function evaluateCondition(condition: Condition, plan: PlanAttributes): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, plan));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, plan));
  if ('not' in condition) return !evaluateCondition(condition.not, plan);
  switch (condition.op) {
    case 'gte':
      return plan[condition.attribute] >= condition.value;
    case 'lte':
      return plan[condition.attribute] <= condition.value;
    case 'eq':
      return plan[condition.attribute] === condition.value;
    case 'in':
      return condition.values.includes(plan[condition.attribute]);
    case 'is':
      // An attribute the plan list did not record counts as false ("no budget requested").
      return (plan[condition.attribute] ?? false) === condition.value;
  }
}

export function criterionApplies(criterion: Criterion, plan: PlanAttributes | undefined): boolean {
  if (!criterion.applicability || !plan) return true;
  return evaluateCondition(criterion.applicability.when, plan);
}

/** The ids of every criterion that applies to this plan, in framework order. */
export function applicableCriteria(framework: Framework, plan: PlanAttributes | undefined): string[] {
  return framework.sections.flatMap((section) =>
    section.criteria.filter((criterion) => criterionApplies(criterion, plan)).map((criterion) => criterion.id),
  );
}
