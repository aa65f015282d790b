// The save step the admins' settings forms share (retention periods, privacy notice): refuse what
// failed its checks with the GOV.UK error summary, otherwise save once, say it was saved, and name
// why not when it was not (offline, refused by the server, or something else).
import { useState } from 'react';
import type { FieldError } from '#web/components/error-summary.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';

/** A form's value after its checks: the problems found, or what to save. */
export type Checked<T> = { errors: FieldError[] } | { value: T };

/** The sentence a failed save shows, naming what was being saved ("periods", "notice"). */
export function describeSaveFailure(error: unknown, what: string): string {
  if (error instanceof ApiFailure && error.kind === 'network') {
    return `The ${what} could not be saved because this device is offline: save again when you are online`;
  }
  if (error instanceof ApiFailure) return `The server did not save the ${what}: ${error.message}`;
  return `The ${what} could not be saved. Try again`;
}

export type SettingsSave<T> = {
  errors: FieldError[];
  isSaved: boolean;
  isSaving: boolean;
  /** Call on every edit: the "saved" banner no longer describes what is on screen. */
  edited(): void;
  save(checked: Checked<T>, write: (value: T) => Promise<void>): Promise<void>;
};

/** `errorFieldId`: the field a failed save's message links to (the form's first). */
export function useSettingsSave<T>(what: string, errorFieldId: string): SettingsSave<T> {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [isSaved, setIsSaved] = useState(false);
  const [isSaving, setIsSaving] = useState(false);
  return {
    errors,
    isSaved,
    isSaving,
    edited: () => setIsSaved(false),
    async save(checked, write) {
      if ('errors' in checked) {
        setErrors(checked.errors);
        return;
      }
      setErrors([]);
      setIsSaving(true);
      try {
        await write(checked.value);
        setIsSaved(true);
      } catch (error) {
        setErrors([{ fieldId: errorFieldId, message: describeSaveFailure(error, what) }]);
      } finally {
        setIsSaving(false);
      }
    },
  };
}
