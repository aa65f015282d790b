// A free-text answer that saves itself as the auditor types (debounced, and at once on leaving
// the field), but holds back text that looks like a personal identifier until the auditor edits
// it out or confirms it is not one: such text must not reach the device's storage unchallenged.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ErrorMessage } from '#web/components/error-summary.tsx';
import { findIdentifiers, type IdentifierHit } from '#shared/domain/identifiers.ts';

export type TextSaveStatus = 'saved' | 'typing' | 'held' | 'too-long';

const SAVE_DELAY_MS = 500;
export const MAX_TEXT_LENGTH = 4000;

type Props = {
  id: string;
  label: string;
  hint?: string;
  storedValue: string;
  onSave: (value: string) => void;
  onStatusChange?: (id: string, status: TextSaveStatus) => void;
  onTextChange?: (value: string) => void;
  rows?: number;
  errorMessage?: string;
  labelClassName?: string;
};

function unconfirmed(text: string, confirmed: Set<string>): IdentifierHit[] {
  return findIdentifiers(text).filter((match) => !confirmed.has(match.text));
}

export function GuardedTextarea({
  id,
  label,
  hint,
  storedValue,
  onSave,
  onStatusChange,
  onTextChange,
  rows = 3,
  errorMessage,
  labelClassName,
}: Props) {
  const [text, setText] = useState(storedValue);
  const [lastStored, setLastStored] = useState(storedValue);
  const [held, setHeld] = useState<IdentifierHit[]>([]);
  const [confirmed, setConfirmed] = useState<Set<string>>(() => new Set());
  const warningId = useId();
  const latest = useRef({ text, saved: storedValue, confirmed, onSave });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Another writer (a conflict settled, a pull) changed the stored text: show it unless mid-edit.
  if (storedValue !== lastStored) {
    setLastStored(storedValue);
    if (text === lastStored) setText(storedValue);
  }

  useEffect(() => {
    latest.current = { ...latest.current, text, confirmed, onSave };
  });

  const report = useCallback((status: TextSaveStatus) => onStatusChange?.(id, status), [id, onStatusChange]);

  const attemptSave = useCallback(
    (value: string, confirmedNow: Set<string>): void => {
      if (timer.current !== undefined) clearTimeout(timer.current);
      timer.current = undefined;
      if (value.length > MAX_TEXT_LENGTH) {
        report('too-long');
        return;
      }
      const matches = unconfirmed(value, confirmedNow);
      setHeld(matches);
      if (matches.length > 0) {
        report('held');
        return;
      }
      report('saved');
      if (value === latest.current.saved) return;
      latest.current.saved = value;
      latest.current.onSave(value);
    },
    [report],
  );

  // Leaving the page mid-sentence still saves what is safe to save.
  useEffect(
    () => () => {
      if (timer.current !== undefined) clearTimeout(timer.current);
      const { text: pending, saved, confirmed: ok, onSave: save } = latest.current;
      if (pending !== saved && pending.length <= MAX_TEXT_LENGTH && unconfirmed(pending, ok).length === 0)
        save(pending);
    },
    [],
  );

  const hasError = errorMessage !== undefined || text.length > MAX_TEXT_LENGTH;
  const describedBy = [hint ? `${id}-hint` : null, hasError ? `${id}-error` : null, held.length > 0 ? warningId : null]
    .filter(Boolean)
    .join(' ');

  return (
    <div className={`govuk-form-group${hasError ? ' govuk-form-group--error' : ''}`}>
      <label className={`govuk-label ${labelClassName ?? ''}`} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {errorMessage ? <ErrorMessage id={`${id}-error`}>{errorMessage}</ErrorMessage> : null}
      {!errorMessage && text.length > MAX_TEXT_LENGTH ? (
        <ErrorMessage id={`${id}-error`}>
          {`Must be ${MAX_TEXT_LENGTH.toLocaleString('en-GB')} characters or fewer: you have ${text.length.toLocaleString('en-GB')}`}
        </ErrorMessage>
      ) : null}
      <textarea
        className={`govuk-textarea${hasError ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={text}
        aria-describedby={describedBy || undefined}
        onChange={(event) => {
          const value = event.target.value;
          setText(value);
          onTextChange?.(value);
          report('typing');
          if (timer.current !== undefined) clearTimeout(timer.current);
          timer.current = setTimeout(() => attemptSave(value, latest.current.confirmed), SAVE_DELAY_MS);
        }}
        onBlur={() => attemptSave(text, confirmed)}
      />
      <div aria-live="polite">
        {held.length > 0 ? (
          <div className="app-identifier-warning" id={warningId} data-testid="identifier-warning">
            <div className="govuk-warning-text govuk-!-margin-bottom-2">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                This looks like it includes {describeMatches(held)}. It has not been saved.
              </strong>
            </div>
            <p className="govuk-body govuk-!-margin-bottom-2">
              Plans are audited by reference only. Remove the personal detail, or save the text if it is not one.
            </p>
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              onClick={() => {
                const next = new Set(confirmed);
                for (const match of held) next.add(match.text);
                setConfirmed(next);
                attemptSave(text, next);
              }}
            >
              It is not personal information: save it
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}

function describeMatches(matches: IdentifierHit[]): string {
  const parts = matches.map((match) => `${match.description} (“${match.text}”)`);
  if (parts.length === 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}
