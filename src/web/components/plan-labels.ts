// How plan attributes read to an auditor.
import type { PlanAttributes } from '#shared/schemas/plan.ts';

const KEY_STAGE: Record<PlanAttributes['keyStage'], string> = {
  'early-years': 'Early years',
  ks1: 'Key stage 1',
  ks2: 'Key stage 2',
  ks3: 'Key stage 3',
  ks4: 'Key stage 4',
  'post-16': 'Post-16',
  'post-19': 'Post-19',
};

const SETTING: Record<PlanAttributes['settingType'], string> = {
  'early-years': 'Early years setting',
  mainstream: 'Mainstream school',
  'resourced-provision': 'Resourced provision',
  special: 'Special school',
  'independent-special': 'Independent special school',
  'alternative-provision': 'Alternative provision',
  'further-education': 'Further education',
  other: 'Other',
};

const PLAN_TYPE: Record<PlanAttributes['planType'], string> = {
  new: 'New plan',
  amended: 'Amended plan',
  'annual-review': 'Annual review',
};

export function describeYearGroup(year: number): string {
  if (year === -2 || year === -1) return 'Nursery';
  if (year === 0) return 'Reception';
  if (year >= 14) return 'Beyond Year 13';
  return `Year ${year}`;
}

export function describePlan(attributes: PlanAttributes): { key: string; value: string }[] {
  return [
    { key: 'Year group', value: describeYearGroup(attributes.yearGroup) },
    { key: 'Key stage', value: KEY_STAGE[attributes.keyStage] },
    { key: 'Primary need', value: attributes.primaryNeed },
    { key: 'Setting', value: SETTING[attributes.settingType] },
    { key: 'Plan type', value: PLAN_TYPE[attributes.planType] },
    { key: 'Looked after', value: attributes.lookedAfter ? 'Yes' : 'No' },
  ];
}

export function describeKeyStage(keyStage: PlanAttributes['keyStage']): string {
  return KEY_STAGE[keyStage];
}

export function describeSettingType(settingType: PlanAttributes['settingType']): string {
  return SETTING[settingType];
}

export function describePlanType(planType: PlanAttributes['planType']): string {
  return PLAN_TYPE[planType];
}
