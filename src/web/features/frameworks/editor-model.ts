// The editor's working copy of a framework and how its problems map onto the screen: each problem
// path from the shared checker (sections[2].criteria[0].text) names the field that shows it, and
// the part (edit page) that field lives on. Unsaved work is kept in localStorage, keyed by
// framework id and version, so nothing typed is lost on reload or while offline.
import { checkFrameworkData, type FrameworkProblem } from '#shared/domain/framework-check.ts';
import {
  DEFAULT_GRADE_SCALE,
  DEFAULT_LIMITING_RULES,
  DEFAULT_RATING_OPTIONS,
} from '#shared/domain/framework-defaults.ts';
import type { Framework } from '#shared/schemas/framework.ts';

/**
 * The framework as it is being edited. It has the shape of a Framework, but a number field may
 * briefly hold the text the author typed ("0,7"), so the checker can say what is wrong at the field.
 */
export type EditableFramework = Framework;

export type StoredDraft = {
  doc: EditableFramework;
  /** Advanced JSON fields whose text does not parse yet, by field path: kept so nothing typed is lost. */
  jsonTexts: Record<string, string>;
  /** True when the server has never stored this version (a new framework not yet valid, or made offline). */
  isLocalOnly: boolean;
  updatedAt: string;
};

const KEY_PREFIX = 'ehcp-framework-draft:';

export const draftKey = (id: string, version: number): string => `${KEY_PREFIX}${id}@${String(version)}`;

export function readStoredDraft(id: string, version: number): StoredDraft | undefined {
  try {
    const text = globalThis.localStorage?.getItem(draftKey(id, version));
    if (!text) return undefined;
    const value = JSON.parse(text) as Partial<StoredDraft>;
    if (!value || typeof value !== 'object' || typeof value.doc !== 'object' || value.doc === null) return undefined;
    return {
      doc: value.doc,
      jsonTexts: value.jsonTexts ?? {},
      isLocalOnly: value.isLocalOnly === true,
      updatedAt: value.updatedAt ?? '',
    };
  } catch {
    // Unreadable (private mode, or a damaged entry): behave as if nothing was kept.
    return undefined;
  }
}

/** Returns false when the browser refused to store it (quota, private mode), so the editor can say so. */
export function writeStoredDraft(id: string, version: number, draft: StoredDraft): boolean {
  try {
    globalThis.localStorage.setItem(draftKey(id, version), JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function removeStoredDraft(id: string, version: number): void {
  try {
    globalThis.localStorage.removeItem(draftKey(id, version));
  } catch {
    // Nothing to remove.
  }
}

/** Every unsaved draft on this device, for the list page. */
export function listStoredDrafts(): { id: string; version: number; title: string; isLocalOnly: boolean }[] {
  const found: { id: string; version: number; title: string; isLocalOnly: boolean }[] = [];
  try {
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (!key?.startsWith(KEY_PREFIX)) continue;
      const match = /^(.+)@(\d+)$/.exec(key.slice(KEY_PREFIX.length));
      if (!match?.[1] || !match[2]) continue;
      const draft = readStoredDraft(match[1], Number(match[2]));
      if (draft) {
        found.push({
          id: match[1],
          version: Number(match[2]),
          title: String(draft.doc.title || match[1]),
          isLocalOnly: draft.isLocalOnly,
        });
      }
    }
  } catch {
    return found;
  }
  return found.sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
}

/** A new framework with domain.md's defaults and one empty section for the author to fill in. */
export function newFramework(id: string, title: string, kind: Framework['kind']): EditableFramework {
  return {
    id,
    version: 1,
    status: 'draft',
    title,
    kind,
    gradeScale: structuredClone(DEFAULT_GRADE_SCALE),
    ratingOptions: structuredClone(DEFAULT_RATING_OPTIONS),
    grading: { cannotJudgeLimit: 0.5 },
    overall: { method: 'mean', rules: [] },
    limitingRules: structuredClone(DEFAULT_LIMITING_RULES),
    moderation: { disagreementSpread: 2, flagStraddle: true },
    sections: [{ id: 'A', title: 'Section A', leadAgency: 'multi-agency', criteria: [emptyCriterion('A1')] }],
  };
}

export function emptyCriterion(id: string): Framework['sections'][number]['criteria'][number] {
  return { id, text: '', guidance: '', statutory: false };
}

/** The next unused id like "B4" for a criterion added to a section. */
export function nextCriterionId(doc: EditableFramework, sectionIndex: number): string {
  const section = doc.sections[sectionIndex];
  const used = new Set(doc.sections.flatMap((s) => s.criteria.map((c) => c.id)));
  const stem = section ? section.id.replace(/[^A-Za-z0-9]/g, '') || 'C' : 'C';
  for (let n = (section?.criteria.length ?? 0) + 1; ; n += 1) {
    const candidate = `${stem}${String(n)}`;
    if (!used.has(candidate)) return candidate;
  }
}

export function nextSectionId(doc: EditableFramework): string {
  const used = new Set(doc.sections.map((s) => s.id));
  for (let n = doc.sections.length + 1; ; n += 1) {
    const candidate = `S${String(n)}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** A number field's text as the document keeps it: a number when it reads as one, else the text itself. */
export function numberOrText(text: string): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  // The text is kept on purpose: the checker then reports "expected a number" at this field.
  return (trimmed !== '' && Number.isFinite(value) ? value : trimmed) as number;
}

/** An HTML id for the field at a checker path: sections[2].criteria[0].text → fw-sections-2-criteria-0-text. */
export function fieldId(path: string): string {
  return `fw-${path.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-')}`;
}

/**
 * The path of the field that shows a problem. Most problems sit on a field of their own; those
 * inside a list of ticks or ids, or inside a combined condition edited as JSON, belong to it.
 */
export function fieldPathFor(path: string): string {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    // A condition combined with all/any/not is edited as JSON, so its problems belong to that box.
    [/^(sections\[\d+\]\.criteria\[\d+\]\.applicability)\.when\.(all|any|not)\b/, (m) => m[1] ?? path],
    [/^(sections\[\d+\]\.criteria\[\d+\]\.allowedRatings)\b/, (m) => m[1] ?? path],
    // The ids a limiting rule covers are typed in one field, whichever kind they are.
    [/^(limitingRules\[\d+\]\.appliesTo)\.(criteria|sections)\b/, (m) => `${m[1] ?? ''}.ids`],
    // One entry of a ticked list belongs to the list.
    [/^(.+\.(ratings|values))\[\d+\]$/, (m) => m[1] ?? path],
    [/^(ratingOptions\[\d+\])\.(meaning|hint|label)/, (m) => `${m[1] ?? ''}.label`],
    [/^\(top level\)$/, () => 'title'],
  ];
  for (const [pattern, map] of rules) {
    const match = pattern.exec(path);
    if (match) return map(match);
  }
  return path;
}

export type EditorPart = 'details' | 'grade-scale' | 'ratings' | 'sections' | 'rules';

export const PART_TITLES: Record<EditorPart, string> = {
  details: 'Title and kind',
  'grade-scale': 'Grade scale',
  ratings: 'Rating labels',
  sections: 'Sections and criteria',
  rules: 'Rules and settings',
};

/** The part's address under the framework's page: a section's own page for anything inside it. */
export function partPathFor(path: string): string {
  const section = /^sections\[(\d+)\]/.exec(path);
  if (section?.[1] !== undefined) return `sections/${section[1]}`;
  if (path.startsWith('gradeScale')) return 'grade-scale';
  if (path.startsWith('ratingOptions')) return 'ratings';
  if (path.startsWith('sections')) return 'sections';
  if (/^(limitingRules|overall|grading|moderation)/.test(path)) return 'rules';
  return 'details';
}

export function partOf(path: string): EditorPart {
  const part = partPathFor(path);
  return part.startsWith('sections') ? 'sections' : (part as EditorPart);
}

const FIELD_WORDS: Record<string, string> = {
  id: 'id',
  text: 'text',
  guidance: 'guidance',
  title: 'title',
  kind: 'kind',
  description: 'description',
  leadAgency: 'lead agency',
  weight: 'weight',
  value: 'value',
  label: 'label',
  descriptor: 'descriptor',
  minScore: 'minimum score',
  goodOrBetterFrom: '"Good or better" from',
  cannotJudgeLimit: 'Cannot judge limit',
  disagreementSpread: 'disagreement spread',
  applicability: 'applicability',
  measure: 'count pair',
  allowedRatings: 'ratings offered',
  limitingRules: 'limiting rules',
  rules: 'overall rules',
  method: 'overall method',
  criteria: 'criteria',
  sections: 'sections',
  ratingOptions: 'rating options',
  capAt: 'cap',
  appliesTo: 'applies to',
  ids: 'ids',
  ratings: 'ratings',
  when: 'condition',
  section: 'section',
  criterion: 'criterion',
  gradeAtMost: 'grade at or below',
  attribute: 'attribute',
  op: 'comparison',
  values: 'values',
  numeratorLabel: 'first count',
  denominatorLabel: 'out of',
};

/** A problem in words an author reads: "Section B, criterion B2 text: must not be empty". */
export function describeProblem(doc: EditableFramework, problem: Pick<FrameworkProblem, 'path' | 'message'>): string {
  const where: string[] = [];
  const section = /^sections\[(\d+)\](?:\.criteria\[(\d+)\])?/.exec(problem.path);
  if (section?.[1] !== undefined) {
    const s = doc.sections[Number(section[1])];
    where.push(`Section ${s?.id || Number(section[1]) + 1}`);
    if (section[2] !== undefined) {
      const c = s?.criteria[Number(section[2])];
      where.push(`criterion ${c?.id || Number(section[2]) + 1}`);
    }
  }
  const limiting = /^limitingRules\[(\d+)\]/.exec(problem.path);
  if (limiting?.[1] !== undefined) where.push(`Limiting rule ${String(Number(limiting[1]) + 1)}`);
  const overall = /^overall\.rules\[(\d+)\]/.exec(problem.path);
  if (overall?.[1] !== undefined) where.push(`Overall rule ${String(Number(overall[1]) + 1)}`);
  const grade = /^gradeScale\.grades\[(\d+)\]/.exec(problem.path);
  if (grade?.[1] !== undefined) where.push(`Grade ${String(Number(grade[1]) + 1)}`);
  const rating = /^ratingOptions\[(\d+)\]/.exec(problem.path);
  if (rating?.[1] !== undefined) where.push(`Rating "${doc.ratingOptions[Number(rating[1])]?.meaning ?? ''}"`);
  const field = fieldPathFor(problem.path)
    .split('.')
    .map((part) => part.replace(/\[\d+\]$/, ''))
    .at(-1);
  const fieldWords = field ? (FIELD_WORDS[field] ?? field) : '';
  const subject = [where.join(', '), fieldWords].filter(Boolean).join(' ');
  const text = `${subject}: ${problem.message}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export type CheckedDraft = {
  problems: FrameworkProblem[];
  /** Messages by field path, for the field to show. */
  byField: Map<string, string[]>;
};

export function checkDraft(doc: EditableFramework, jsonTexts: Record<string, string>): CheckedDraft {
  const checked = checkFrameworkData('editor', doc);
  const problems: FrameworkProblem[] = checked.ok ? [] : [...checked.problems];
  for (const path of Object.keys(jsonTexts)) {
    problems.unshift({ file: 'editor', path, message: 'is not valid JSON yet, so it has not been applied' });
  }
  const byField = new Map<string, string[]>();
  for (const problem of problems) {
    const at = fieldPathFor(problem.path);
    byField.set(at, [...(byField.get(at) ?? []), problem.message]);
  }
  return { problems, byField };
}

/** A framework's versions as "id@version", the form the compare page's address uses. */
export const versionRef = (id: string, version: number): string => `${id}@${String(version)}`;

export function parseVersionRef(ref: string | null): { id: string; version: number } | undefined {
  const match = ref ? /^(.+)@(\d+)$/.exec(ref) : null;
  return match?.[1] && match[2] ? { id: match[1], version: Number(match[2]) } : undefined;
}

export const frameworkPath = (id: string, version: number): string =>
  `/frameworks/${encodeURIComponent(id)}/${String(version)}`;

/** The JSON an author downloads: the file format the rest of the tooling reads. */
export function exportJson(framework: Framework): string {
  return `${JSON.stringify({ $schema: './framework.schema.json', ...framework }, null, 2)}\n`;
}
