// Parent-carer feedback calls (SEND staff), mounted at /feedback/*: start a call on a plan, answer
// the form's questions (each answer saved to the device at once and queued for the server, so it
// works offline), then submit. Free text is held back while it looks like a personal identifier.
import { useState, type FormEvent } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { SHIPPED_FEEDBACK_FORM } from '#shared/domain/shipped-feedback-form.ts';
import { PlanRefSchema } from '#shared/schemas/plan.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { formatDate } from '#web/components/format.ts';
import { GuardedTextarea } from '#web/components/guarded-textarea.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import {
  getFeedbackCall,
  listFeedbackCalls,
  setFeedbackAnswer,
  startFeedbackCall,
  submitFeedbackCall,
} from '#web/storage/feedback-repository.ts';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';

const form = SHIPPED_FEEDBACK_FORM;
const todayIso = () => new Date().toISOString().slice(0, 10);

export function FeedbackListPage() {
  usePageTitle('Parent-carer feedback calls');
  const navigate = useNavigate();
  const calls = useStoredQuery(() => listFeedbackCalls(), []);
  const session = useStoredQuery(async () => (await getSession()) ?? null, []);
  const [planRef, setPlanRef] = useState('');
  const [calledOn, setCalledOn] = useState(todayIso());
  const [errors, setErrors] = useState<FieldError[]>([]);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!PlanRefSchema.safeParse(planRef.trim()).success)
      found.push({ fieldId: 'plan-ref', message: 'Enter the plan reference, for example PLN-0001' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(calledOn) || Number.isNaN(Date.parse(calledOn)))
      found.push({ fieldId: 'called-on', message: 'Enter the date of the call, for example 2026-11-20' });
    setErrors(found);
    if (found.length > 0 || !session) return;
    const id = await startFeedbackCall({
      planRef: planRef.trim(),
      form: { id: form.id, version: form.version ?? 1 },
      calledOn,
      recordedBy: session.user.id,
    });
    await navigate(`/feedback/${id}`);
  };
  const planError = errors.find((e) => e.fieldId === 'plan-ref')?.message;
  const dateError = errors.find((e) => e.fieldId === 'called-on')?.message;
  return (
    <>
      <ErrorSummary errors={errors} />
      <PageHeading>Parent-carer feedback calls</PageHeading>
      <p className="govuk-body">{form.description}</p>
      <h2 className="govuk-heading-m">Record a call</h2>
      <form onSubmit={(e) => void start(e)} noValidate>
        <div className={`govuk-form-group${planError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="plan-ref">
            Plan reference
          </label>
          {planError ? <ErrorMessage id="plan-ref-error">{planError}</ErrorMessage> : null}
          <input
            className={`govuk-input govuk-input--width-10${planError ? ' govuk-input--error' : ''}`}
            id="plan-ref"
            name="planRef"
            type="text"
            spellCheck={false}
            value={planRef}
            onChange={(e) => setPlanRef(e.target.value)}
            aria-describedby={planError ? 'plan-ref-error' : undefined}
          />
        </div>
        <div className={`govuk-form-group${dateError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="called-on">
            Date of the call
          </label>
          <div className="govuk-hint" id="called-on-hint">
            For example, 2026-11-20
          </div>
          {dateError ? <ErrorMessage id="called-on-error">{dateError}</ErrorMessage> : null}
          <input
            className={`govuk-input govuk-input--width-10${dateError ? ' govuk-input--error' : ''}`}
            id="called-on"
            name="calledOn"
            type="text"
            inputMode="numeric"
            value={calledOn}
            onChange={(e) => setCalledOn(e.target.value)}
            aria-describedby={`called-on-hint${dateError ? ' called-on-error' : ''}`}
          />
        </div>
        <button type="submit" className="govuk-button">
          Start the call
        </button>
      </form>
      <h2 className="govuk-heading-m">Calls on this device</h2>
      {calls && calls.length > 0 ? (
        <ul className="govuk-list">
          {calls.map((call) => (
            <li key={call.id}>
              <Link className="govuk-link" to={`/feedback/${call.id}`}>
                {call.planRef}, {formatDate(call.calledOn)}
              </Link>{' '}
              <strong className={`govuk-tag${call.status === 'submitted' ? ' govuk-tag--green' : ' govuk-tag--grey'}`}>
                {call.status === 'submitted' ? 'Submitted' : 'Draft'}
              </strong>
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No calls recorded on this device yet.</p>
      )}
    </>
  );
}

export function FeedbackCallPage() {
  const { callId = '' } = useParams();
  usePageTitle('Feedback call');
  const call = useStoredQuery(async () => (await getFeedbackCall(callId)) ?? null, [callId]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  // The choice shows at once; the device's copy catches up when its write lands.
  const [chosenHere, setChosenHere] = useState<Record<string, string>>({});
  if (call === undefined) return <p className="govuk-body">Loading…</p>;
  if (call === null) {
    return (
      <>
        <PageHeading>Feedback call</PageHeading>
        <p className="govuk-body">There is no such feedback call on this device.</p>
      </>
    );
  }
  const isSubmitted = call.status === 'submitted';
  const headline = form.questions.find((q) => q.isHeadline);
  const submit = async () => {
    const answer = headline ? call.answers[headline.id] : undefined;
    if (headline && answer?.value === undefined && !answer?.isDeclined) {
      setErrors([{ fieldId: `q-${headline.id}`, message: `Answer “${headline.text}”, or choose Declined to answer` }]);
      return;
    }
    setErrors([]);
    await submitFeedbackCall(call.id);
  };
  return (
    <>
      <ErrorSummary errors={errors} />
      {isSubmitted ? (
        <div className="govuk-panel govuk-panel--confirmation">
          <h2 className="govuk-panel__title">Feedback call submitted</h2>
          <div className="govuk-panel__body">It is sent to the server when this device is online.</div>
        </div>
      ) : null}
      <PageHeading caption={`Plan ${call.planRef}, called on ${formatDate(call.calledOn)}`}>{form.title}</PageHeading>
      {form.questions.map((q) => {
        const answer = call.answers[q.id];
        const error = errors.find((e) => e.fieldId === `q-${q.id}`)?.message;
        if (q.answer === 'text' && isSubmitted) {
          // A submitted call never changes (the server refuses an edit), so its text is shown, not offered.
          const hintId = q.hint ? `q-${q.id}-hint` : undefined;
          return (
            <div className="govuk-form-group" key={q.id}>
              <label className="govuk-label govuk-label--s" htmlFor={`q-${q.id}`}>
                {q.text}
              </label>
              {q.hint ? (
                <div className="govuk-hint" id={hintId}>
                  {q.hint}
                </div>
              ) : null}
              <textarea
                className="govuk-textarea"
                id={`q-${q.id}`}
                name={`q-${q.id}`}
                rows={3}
                readOnly
                value={answer?.text ?? ''}
                aria-describedby={hintId}
              />
            </div>
          );
        }
        if (q.answer === 'text') {
          return (
            <div className="govuk-form-group" key={q.id}>
              <GuardedTextarea
                id={`q-${q.id}`}
                label={q.text}
                hint={q.hint}
                storedValue={answer?.text ?? ''}
                labelClassName="govuk-label--s"
                onSave={(text) =>
                  void setFeedbackAnswer(call.id, q.id, text.trim() === '' ? null : { text }).catch(() => undefined)
                }
              />
            </div>
          );
        }
        const options = [
          ...form.scale.points.map((p) => ({ key: String(p.value), label: p.label, answer: { value: p.value } })),
          { key: 'declined', label: 'Declined to answer', answer: { isDeclined: true as const } },
        ];
        const stored = answer?.isDeclined ? 'declined' : answer?.value !== undefined ? String(answer.value) : '';
        const chosen = chosenHere[q.id] ?? stored;
        return (
          <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`} key={q.id}>
            <fieldset className="govuk-fieldset" aria-describedby={error ? `q-${q.id}-error` : undefined}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{q.text}</legend>
              {error ? <ErrorMessage id={`q-${q.id}-error`}>{error}</ErrorMessage> : null}
              <div className="govuk-radios govuk-radios--small" data-module="govuk-radios">
                {options.map((o, i) => {
                  const id = i === 0 ? `q-${q.id}` : `q-${q.id}-${o.key}`;
                  return (
                    <div className="govuk-radios__item" key={o.key}>
                      <input
                        className="govuk-radios__input"
                        id={id}
                        name={`q-${q.id}`}
                        type="radio"
                        disabled={isSubmitted}
                        checked={chosen === o.key}
                        onChange={() => {
                          setChosenHere((c) => ({ ...c, [q.id]: o.key }));
                          void setFeedbackAnswer(call.id, q.id, o.answer);
                        }}
                      />
                      <label className="govuk-label govuk-radios__label" htmlFor={id}>
                        {o.label}
                      </label>
                    </div>
                  );
                })}
              </div>
            </fieldset>
          </div>
        );
      })}
      {isSubmitted ? (
        <p className="govuk-body">
          <Link className="govuk-link" to="/feedback">
            Back to feedback calls
          </Link>
        </p>
      ) : (
        <button type="button" className="govuk-button" onClick={() => void submit()}>
          Submit the call
        </button>
      )}
    </>
  );
}

export function FeedbackRoutes() {
  return (
    <Routes>
      <Route index element={<FeedbackListPage />} />
      <Route path=":callId" element={<FeedbackCallPage />} />
    </Routes>
  );
}
