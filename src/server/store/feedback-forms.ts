// The feedback forms the server accepts calls on: the published forms of kind "feedback" shipped in
// audit-frameworks/ (checked by frameworks:check), read once. Forms are not yet imported or
// published in the app like audit frameworks; a new form version is a new file.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkFeedbackFormData } from '#shared/domain/framework-check.ts';
import type { FeedbackForm } from '#shared/schemas/feedback.ts';

const FORMS_DIR = fileURLToPath(new URL('../../../audit-frameworks/', import.meta.url));

export type FeedbackForms = { get(id: string, version: number): FeedbackForm | undefined; all(): FeedbackForm[] };

export function loadFeedbackForms(dir = FORMS_DIR): FeedbackForms {
  const forms: FeedbackForm[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))) {
    const data: unknown = JSON.parse(readFileSync(`${dir}${file}`, 'utf8'));
    if ((data as { kind?: unknown }).kind !== 'feedback') continue;
    const checked = checkFeedbackFormData(file, data);
    if (checked.ok && checked.form.status === 'published') forms.push(checked.form);
  }
  return {
    get: (id, version) => forms.find((f) => f.id === id && f.version === version),
    all: () => [...forms],
  };
}

let shipped: FeedbackForms | undefined;
/** The shipped forms, read on first use. */
export const shippedFeedbackForms = (): FeedbackForms => (shipped ??= loadFeedbackForms());
