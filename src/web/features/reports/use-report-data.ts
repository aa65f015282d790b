// The reports' view of the device: every plan outcome, the sources behind them, and who is reading.
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { readsRedactedView } from '#shared/domain/redacted-view.ts';
import type { ReportFilters } from '#shared/domain/report-model.ts';
import { reportPlansFrom, suppressionThreshold } from '#shared/domain/report-sources.ts';
import { AGENCIES } from '#shared/schemas/framework.ts';
import { KEY_STAGES, PRIMARY_NEEDS, SETTING_TYPES } from '#shared/schemas/plan.ts';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';
import { loadPlanReportSources, loadReportSources } from '#web/storage/report-data.ts';
import { DEFAULT_COUNCIL_SETTINGS } from '#shared/schemas/settings.ts';

/** Every plan outcome, graded: for the dashboard, the board report and agreement. */
export function useReportData() {
  const plans = useStoredQuery(async () => {
    const sources = await loadReportSources();
    return { plans: reportPlansFrom(sources), sources };
  }, []);
  const parentRep = useParentRepView();
  // No data until the reader is known, so a parent-carer representative never sees unwithheld figures first.
  const data = parentRep === undefined ? undefined : plans;
  return {
    data,
    parentRep: parentRep === true,
    threshold: suppressionThreshold(data?.sources.settings ?? DEFAULT_COUNCIL_SETTINGS, parentRep === true),
  };
}

/** Whether whoever is signed in reads the reports as a parent-carer representative; undefined while loading. */
export function useParentRepView(): boolean | undefined {
  const session = useStoredQuery(async () => (await getSession()) ?? null, []);
  return session === undefined ? undefined : readsRedactedView(session?.user);
}

/** The records alone, without grading every audit: for lists and exports. */
export function useReportSources() {
  return useStoredQuery(() => loadReportSources(), []);
}

/** One plan's records only: a plan report never reads the whole device. */
export function usePlanReportSources(cycleId: string, planRef: string) {
  const sources = useStoredQuery(() => loadPlanReportSources(cycleId, planRef), [cycleId, planRef]);
  const session = useStoredQuery(() => getSession(), []);
  return { sources, session };
}

export const today = (): string => new Date().toISOString().slice(0, 10);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Filters from the address, so a filtered view can be bookmarked; anything unknown is ignored. */
export function useFilters(): [ReportFilters, (filters: ReportFilters) => void] {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const filters = useMemo<ReportFilters>(() => {
    const p = new URLSearchParams(key);
    const date = (name: string) => {
      const v = p.get(name);
      return v && ISO_DATE.test(v) ? v : undefined;
    };
    return {
      cycleId: p.get('cycle') || undefined,
      from: date('from'),
      to: date('to'),
      keyStage: pick(p.get('keyStage'), KEY_STAGES),
      primaryNeed: pick(p.get('need'), PRIMARY_NEEDS),
      settingType: pick(p.get('setting'), SETTING_TYPES),
      agency: pick(p.get('agency'), AGENCIES),
    };
  }, [key]);
  const set = (f: ReportFilters) => {
    const next = new URLSearchParams();
    const entries: [string, string | undefined][] = [
      ['cycle', f.cycleId],
      ['from', f.from],
      ['to', f.to],
      ['keyStage', f.keyStage],
      ['need', f.primaryNeed],
      ['setting', f.settingType],
      ['agency', f.agency],
    ];
    for (const [k, v] of entries) if (v) next.set(k, v);
    setParams(next);
  };
  return [filters, set];
}
