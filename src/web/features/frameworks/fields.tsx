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

const describedByIds = (id: string, hint: string | undefined, error: string | undefined): string | undefined =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

/** A control's id and name, the ids that describe it, and the live problem it shows, from its checker path. */
export function useControl(
  path: string,
  hint: string | undefined,
): { control: { id: string; name: string }; describedBy: string | undefined; error: string | undefined } {
  const error = useFieldErrors(path);
  const id = fieldId(path);
  return { control: { id, name: id }, describedBy: describedByIds(id, hint, error), error };
}

export const formGroupClass = (error: string | undefined): string =>
  `govuk-form-group${error ? ' govuk-form-group--error' : ''}`;

export function FieldHint({ id, hint, className = 'govuk-hint' }: { id: string; hint?: string; className?: string }) {
  return hint ? (
    <div id={`${id}-hint`} className={className}>
      {hint}
    </div>
  ) : null;
}

/** The problem, named by the field's label or legend so it reads on its own. */
export function FieldError({ id, label, error }: { id: string; label: string; error: string | undefined }) {
  return error ? <ErrorMessage id={`${id}-error`}>{`${label}: ${error}`}</ErrorMessage> : null;
}

type Common = { path: string; label: string; hint?: string; labelClass?: string };

/** Label, hint and problem above the control. */
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
    <div className={formGroupClass(error)}>
      <label className={`govuk-label${labelClass ? ` ${labelClass}` : ''}`} htmlFor={id}>
        {label}
      </label>
      <FieldHint id={id} hint={hint} />
      <FieldError id={id} label={label} error={error} />
      {children}
    </div>
  );
}

export function TextField({
  value,
  onChange,
  width,
  readOnly,
  inputMode,
  ...common
}: Common & {
  value: string;
  onChange: (value: string) => void;
  width?: string;
  readOnly?: boolean;
  inputMode?: 'decimal';
}) {
  const { control, describedBy, error } = useControl(common.path, common.hint);
  return (
    <FieldFrame {...common} error={error}>
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        {...control}
        type="text"
        inputMode={inputMode}
        spellCheck={false}
        value={value}
        readOnly={readOnly}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
    </FieldFrame>
  );
}

export function TextareaField({
  value,
  onChange,
  rows = 3,
  spellCheck,
  className,
  ...common
}: Common & {
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  spellCheck?: boolean;
  /** A class beside govuk-textarea, such as app-json-field. */
  className?: string;
}) {
  const { control, describedBy, error } = useControl(common.path, common.hint);
  return (
    <FieldFrame {...common} error={error}>
      <textarea
        className={`govuk-textarea${className ? ` ${className}` : ''}${error ? ' govuk-textarea--error' : ''}`}
        {...control}
        rows={rows}
        spellCheck={spellCheck}
        value={value}
        aria-describedby={describedBy}
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
  const shown = value === undefined ? '' : String(value);
  const [text, setText] = useState(shown);
  // Follow changes made elsewhere (a discard, a reorder) unless the text already means this value.
  if (text !== shown && Number(text.trim()) !== Number(shown)) setText(shown);
  return (
    <TextField
      {...common}
      width="5"
      inputMode="decimal"
      value={text}
      onChange={(next) => {
        setText(next);
        onChange(next);
      }}
    />
  );
}

export function SelectField({
  value,
  onChange,
  options,
  ...common
}: Common & { value: string; onChange: (value: string) => void; options: { value: string; label: string }[] }) {
  const { control, describedBy, error } = useControl(common.path, common.hint);
  return (
    <FieldFrame {...common} error={error}>
      <select
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        {...control}
        value={value}
        aria-describedby={describedBy}
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
  const { control, describedBy, error } = useControl(path, hint);
  return (
    <div className={formGroupClass(error)}>
      <FieldError id={control.id} label={label} error={error} />
      <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            {...control}
            type="checkbox"
            checked={checked}
            aria-describedby={describedBy}
            onChange={(event) => onChange(event.target.checked)}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={control.id}>
            {label}
          </label>
          <FieldHint id={control.id} hint={hint} className="govuk-hint govuk-checkboxes__hint" />
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
    <TextareaField
      path={path}
      label={label}
      hint={hint}
      labelClass="govuk-label--s"
      className="app-json-field"
      rows={rows}
      spellCheck={false}
      value={text}
      onChange={(next) => {
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
