// Form fields for the framework editor, GOV.UK markup. Each field is named by its checker path,
// which gives it its HTML id and the live problems it shows as the author types.
import { useState, type ReactNode } from 'react';
import { ErrorMessage } from '#web/components/error-summary.tsx';
import { fieldId } from './editor-model.ts';
import { useEditor } from './editor-state.tsx';

function useFieldErrors(path: string): string | undefined {
  const { checked } = useEditor();
  const messages = checked.byField.get(path);
  return messages && messages.length > 0 ? messages.join('; ') : undefined;
}

type Common = { path: string; label: string; hint?: string; labelClass?: string };

function FieldFrame({
  path,
  label,
  hint,
  error,
  labelClass,
  children,
}: Common & { error: string | undefined; children: ReactNode }) {
  const id = fieldId(path);
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className={`govuk-label${labelClass ? ` ${labelClass}` : ''}`} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={`${id}-error`}>{`${label}: ${error}`}</ErrorMessage> : null}
      {children}
    </div>
  );
}

const describedBy = (id: string, hint: string | undefined, error: string | undefined): string | undefined =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

export function TextField({
  value,
  onChange,
  width,
  readOnly,
  ...common
}: Common & { value: string; onChange: (value: string) => void; width?: string; readOnly?: boolean }) {
  const error = useFieldErrors(common.path);
  const id = fieldId(common.path);
  return (
    <FieldFrame {...common} error={error}>
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        spellCheck={false}
        value={value}
        readOnly={readOnly}
        aria-describedby={describedBy(id, common.hint, error)}
        onChange={(event) => onChange(event.target.value)}
      />
    </FieldFrame>
  );
}

export function TextareaField({
  value,
  onChange,
  rows = 3,
  ...common
}: Common & { value: string; onChange: (value: string) => void; rows?: number }) {
  const error = useFieldErrors(common.path);
  const id = fieldId(common.path);
  return (
    <FieldFrame {...common} error={error}>
      <textarea
        className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        aria-describedby={describedBy(id, common.hint, error)}
        onChange={(event) => onChange(event.target.value)}
      />
    </FieldFrame>
  );
}

/** A number as typed: the text stays on screen while it is not a number yet, and the checker says so. */
export function NumberField({
  value,
  onChange,
  ...common
}: Common & { value: number | string | undefined; onChange: (text: string) => void }) {
  const error = useFieldErrors(common.path);
  const id = fieldId(common.path);
  const shown = value === undefined ? '' : String(value);
  const [text, setText] = useState(shown);
  // Follow changes made elsewhere (a discard, a reorder) unless the text already means this value.
  if (text !== shown && Number(text.trim()) !== Number(shown)) setText(shown);
  return (
    <FieldFrame {...common} error={error}>
      <input
        className={`govuk-input govuk-input--width-5${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        value={text}
        aria-describedby={describedBy(id, common.hint, error)}
        onChange={(event) => {
          setText(event.target.value);
          onChange(event.target.value);
        }}
      />
    </FieldFrame>
  );
}

export function SelectField({
  value,
  onChange,
  options,
  ...common
}: Common & { value: string; onChange: (value: string) => void; options: { value: string; label: string }[] }) {
  const error = useFieldErrors(common.path);
  const id = fieldId(common.path);
  return (
    <FieldFrame {...common} error={error}>
      <select
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        name={id}
        value={value}
        aria-describedby={describedBy(id, common.hint, error)}
        onChange={(event) => onChange(event.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField({
  path,
  label,
  hint,
  checked,
  onChange,
}: {
  path: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const error = useFieldErrors(path);
  const id = fieldId(path);
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      {error ? <ErrorMessage id={`${id}-error`}>{`${label}: ${error}`}</ErrorMessage> : null}
      <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id={id}
            name={id}
            type="checkbox"
            checked={checked}
            aria-describedby={describedBy(id, hint, error)}
            onChange={(event) => onChange(event.target.checked)}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
          {hint ? (
            <div id={`${id}-hint`} className="govuk-hint govuk-checkboxes__hint">
              {hint}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/**
 * An advanced part edited as JSON (limiting rules, overall rules, an applicability condition).
 * Text that does not parse is kept (and stored) but not applied; once it parses it replaces the
 * part, and the shared checker's problems for anything inside it show here.
 */
export function JsonField({
  path,
  label,
  hint,
  value,
  onChange,
  rows = 6,
  allowEmpty = false,
}: {
  path: string;
  label: string;
  hint?: string;
  value: unknown;
  onChange: (value: unknown) => void;
  rows?: number;
  /** An empty box means "none" (the part is optional). */
  allowEmpty?: boolean;
}) {
  const { jsonTexts, setJsonText } = useEditor();
  const error = useFieldErrors(path);
  const id = fieldId(path);
  const pending = jsonTexts[path];
  const canonical = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(pending ?? canonical);
  const [lastCanonical, setLastCanonical] = useState(canonical);
  if (canonical !== lastCanonical) {
    setLastCanonical(canonical);
    // Changed elsewhere (a discard, a reorder): show it, but never reformat what the author is typing.
    if (pending === undefined && normalisedJson(text) !== canonical) setText(canonical);
  }
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={`${id}-error`}>{`${label}: ${error}`}</ErrorMessage> : null}
      <textarea
        className={`govuk-textarea app-json-field${error ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        spellCheck={false}
        value={text}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          if (allowEmpty && next.trim() === '') {
            setJsonText(path, null);
            onChange(undefined);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(next);
            setJsonText(path, null);
            onChange(parsed);
          } catch {
            setJsonText(path, next);
          }
        }}
      />
    </div>
  );
}

function normalisedJson(text: string): string {
  if (text.trim() === '') return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
