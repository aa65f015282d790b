// Schedule re-audits: plans an earlier cycle judged below Good (signed off) join this cycle's sample.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { CycleSummary } from '#shared/protocol/api.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import { describeCycleApiFailure } from '#web/sync/cycle-api.ts';
import { LoadFailure, LoadingStatus } from '#web/components/load-state.tsx';
import { useCycleApi, useLoaded } from './use-cycle-api.ts';

function Candidates({ cycle, fromCycleId }: { cycle: Cycle; fromCycleId: string }) {
  const api = useCycleApi();
  const navigate = useNavigate();
  const loaded = useLoaded((a) => a.reAuditCandidates(cycle.id, fromCycleId), [cycle.id, fromCycleId]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [isSending, setIsSending] = useState(false);
  usePageTitle(`Schedule re-audits: ${cycle.name}`, errors.length > 0);
  if (loaded.state === 'loading') return <LoadingStatus />;
  if (loaded.state === 'failed') return <LoadFailure message={loaded.message} retry={loaded.retry} />;
  const { candidates } = loaded.data;
  const firstEligible = candidates.find((c) => c.eligible)?.planRef;

  const onSubmit = async () => {
    if (chosen.length === 0) {
      setErrors([{ fieldId: `plan-${firstEligible ?? ''}`, message: 'Select at least one plan to re-audit' }]);
      return;
    }
    setErrors([]);
    setIsSending(true);
    try {
      await api.scheduleReAudits(cycle.id, { fromCycleId, planRefs: chosen });
      void navigate(`/cycles/${encodeURIComponent(cycle.id)}`);
    } catch (error) {
      const issues = error instanceof ApiFailure ? (error.issues ?? []) : [];
      setErrors(
        issues.length > 0
          ? issues.map((i) => {
              const ref = chosen[Number(/\[(\d+)\]/.exec(i.path)?.[1] ?? -1)];
              return { fieldId: `plan-${ref ?? firstEligible ?? ''}`, message: i.message };
            })
          : [{ fieldId: `plan-${firstEligible ?? ''}`, message: describeCycleApiFailure(error) }],
      );
    } finally {
      setIsSending(false);
    }
  };

  if (!firstEligible) {
    return <p className="govuk-body">No plan in that cycle can be re-audited: see the reasons below.</p>;
  }
  const summaryError = errors[0]?.message;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
    >
      <ErrorSummary errors={errors} />
      <div className={`govuk-form-group${summaryError ? ' govuk-form-group--error' : ''}`}>
        <fieldset className="govuk-fieldset" aria-describedby={`plans-hint${summaryError ? ' plans-error' : ''}`}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Plans to re-audit</legend>
          <div className="govuk-hint" id="plans-hint">
            Only plans whose signed-off result was below Good can be re-audited.
          </div>
          {summaryError ? <ErrorMessage id="plans-error">{summaryError}</ErrorMessage> : null}
          <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            {candidates.map((c) => (
              <div className="govuk-checkboxes__item" key={c.planRef}>
                <input
                  className="govuk-checkboxes__input"
                  id={`plan-${c.planRef}`}
                  type="checkbox"
                  disabled={!c.eligible}
                  checked={chosen.includes(c.planRef)}
                  aria-describedby={`plan-${c.planRef}-hint`}
                  onChange={(event) =>
                    setChosen((list) =>
                      event.target.checked ? [...list, c.planRef] : list.filter((r) => r !== c.planRef),
                    )
                  }
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={`plan-${c.planRef}`}>
                  {c.planRef}
                  {c.gradeLabel ? `: ${c.gradeLabel}` : ''}
                </label>
                <div className="govuk-hint govuk-checkboxes__hint" id={`plan-${c.planRef}-hint`}>
                  {c.eligible ? 'Can be re-audited' : `Cannot be re-audited: ${c.reason ?? ''}`}
                </div>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <button type="submit" className="govuk-button" disabled={isSending} aria-disabled={isSending}>
        {isSending ? 'Scheduling…' : 'Schedule re-audits'}
      </button>
    </form>
  );
}

export function ReAuditPage() {
  const { cycleId = '' } = useParams();
  const loaded = useLoaded(async (api) => (await api.listCycleSummaries()).cycles, []);
  const [fromCycleId, setFromCycleId] = useState('');
  usePageTitle('Schedule re-audits');
  const heading = <PageHeading caption="Audit cycle">Schedule re-audits</PageHeading>;
  if (loaded.state === 'loading') return <LoadingStatus />;
  if (loaded.state === 'failed') {
    return (
      <>
        {heading}
        <LoadFailure message={loaded.message} retry={loaded.retry} />
      </>
    );
  }
  const cycle = loaded.data.find((s) => s.cycle.id === cycleId)?.cycle;
  if (!cycle) {
    return (
      <>
        {heading}
        <p className="govuk-body">There is no such cycle.</p>
      </>
    );
  }
  const earlier = loaded.data.filter((s: CycleSummary) => s.cycle.periodStart < cycle.periodStart);
  return (
    <>
      {heading}
      <p className="govuk-body">
        Into <strong>{cycle.name}</strong>. Re-audited plans join its sample; assign auditors to them afterwards.
      </p>
      {earlier.length === 0 ? (
        <p className="govuk-body">There is no earlier cycle to re-audit plans from.</p>
      ) : (
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="from-cycle">
            Earlier cycle
          </label>
          <select
            className="govuk-select"
            id="from-cycle"
            value={fromCycleId}
            onChange={(event) => setFromCycleId(event.target.value)}
          >
            <option value="">Select a cycle</option>
            {earlier.map((s) => (
              <option key={s.cycle.id} value={s.cycle.id}>
                {s.cycle.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {fromCycleId ? <Candidates key={fromCycleId} cycle={cycle} fromCycleId={fromCycleId} /> : null}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/cycles/${encodeURIComponent(cycle.id)}`}>
          Back to the cycle
        </Link>
      </p>
    </>
  );
}
