// How the cycle screens name statuses, agencies, movements and sample strata.
import type { ProgressStatus } from '#shared/protocol/api.ts';
import type { SampleRule } from '#shared/schemas/cycle.ts';
import type { PlanAttributes } from '#shared/schemas/plan.ts';
import { describeKeyStage, describePlanType, describeSettingType } from '#web/components/plan-labels.ts';
import type { TagColour } from '#web/components/tag.tsx';

export const STATUS: Record<ProgressStatus, { label: string; colour: TagColour }> = {
  unassigned: { label: 'Not assigned', colour: 'grey' },
  assigned: { label: 'Assigned', colour: 'blue' },
  'in-progress': { label: 'In progress', colour: 'light-blue' },
  submitted: { label: 'Submitted', colour: 'turquoise' },
  moderated: { label: 'Moderated', colour: 'purple' },
  'signed-off': { label: 'Signed off', colour: 'green' },
};

export const MOVEMENT: Record<
  'improved' | 'same' | 'declined' | 'not-comparable',
  { label: string; colour: TagColour }
> = {
  improved: { label: 'Improved', colour: 'green' },
  same: { label: 'Same', colour: 'grey' },
  declined: { label: 'Declined', colour: 'red' },
  'not-comparable': { label: 'Not comparable yet', colour: 'yellow' },
};

export type Stratum = NonNullable<SampleRule['strata']>[number];

export const STRATUM_LABEL: Record<Stratum, string> = {
  keyStage: 'Key stage',
  primaryNeed: 'Primary need',
  settingType: 'Setting type',
  planType: 'Plan type',
  lookedAfter: 'Looked after',
};

/** One plan's value of a stratum, as a reader would name it. */
export function stratumValue(attributes: PlanAttributes, stratum: Stratum): string {
  switch (stratum) {
    case 'keyStage':
      return describeKeyStage(attributes.keyStage);
    case 'primaryNeed':
      return attributes.primaryNeed;
    case 'settingType':
      return describeSettingType(attributes.settingType);
    case 'planType':
      return describePlanType(attributes.planType);
    case 'lookedAfter':
      return attributes.lookedAfter ? 'Looked after' : 'Not looked after';
  }
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`;
}
