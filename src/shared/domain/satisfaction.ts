// Parent-carer satisfaction per school term from submitted feedback calls: the share of parents
// who answered the headline question at or above the form's "satisfied from" point. A declined or
// unanswered headline question, or a value not on the scale, is left out of the share and counted
// beside it. Withheld below the council's threshold like every figure about families.
import { schoolTerm, termLabel } from './board-figures.ts';
import { findIdentifiers } from './identifiers.ts';
import type { FeedbackCall, FeedbackForm } from '#shared/schemas/feedback.ts';

export type SatisfactionTerm = {
  term: string;
  satisfied: number | null;
  answered: number | null;
  /** Percentage to one decimal place; null with nothing answered, or withheld. */
  share: number | null;
  /** Percentage points on the previous term listed. */
  change: number | null;
  notAnswered: number | null;
};

export type SatisfactionFigures = { question: string; terms: SatisfactionTerm[]; total: SatisfactionTerm };

type Tally = { satisfied: number; answered: number; notAnswered: number };

const percent = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 10);

function toTerm(term: string, t: Tally): SatisfactionTerm {
  return { term, ...t, share: percent(t.satisfied, t.answered), change: null };
}

/** Calls on other forms, and drafts, are ignored: a figure never mixes two scales. */
export function computeSatisfaction(
  calls: readonly Pick<FeedbackCall, 'formId' | 'calledOn' | 'answers' | 'status'>[],
  form: FeedbackForm,
): SatisfactionFigures {
  const headline = form.questions.find((q) => q.isHeadline);
  const onScale = new Set(form.scale.points.map((p) => p.value));
  const byTerm = new Map<string, Tally>();
  const total: Tally = { satisfied: 0, answered: 0, notAnswered: 0 };
  for (const call of calls) {
    if (call.status !== 'submitted' || call.formId !== form.id) continue;
    const key = schoolTerm(call.calledOn);
    let t = byTerm.get(key);
    if (!t) {
      t = { satisfied: 0, answered: 0, notAnswered: 0 };
      byTerm.set(key, t);
    }
    const answer = headline ? call.answers[headline.id] : undefined;
    const value = answer?.isDeclined ? undefined : answer?.value;
    for (const tally of [t, total]) {
      if (value === undefined || !onScale.has(value)) tally.notAnswered += 1;
      else {
        tally.answered += 1;
        if (value >= form.scale.satisfiedFrom) tally.satisfied += 1;
      }
    }
  }
  const terms = [...byTerm]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, t]) => toTerm(termLabel(key), t))
    .map((term, i, all) => {
      const previous = all[i - 1]?.share;
      return {
        ...term,
        change:
          previous === null || previous === undefined || term.share === null
            ? null
            : Math.round((term.share - previous) * 10) / 10,
      };
    });
  return { question: headline?.text ?? '', terms, total: toTerm('All terms', total) };
}

/** Withholds a term over fewer answers than the threshold, and a share when few were, or were not, satisfied. */
export function suppressSatisfaction(figures: SatisfactionFigures, threshold: number): SatisfactionFigures {
  const isSmall = (n: number | null) => n !== null && n > 0 && n < threshold;
  const hide = (t: SatisfactionTerm): SatisfactionTerm => {
    const notAnswered = isSmall(t.notAnswered) ? null : t.notAnswered;
    if (t.answered !== null && t.answered > 0 && t.answered < threshold) {
      return { ...t, satisfied: null, answered: null, share: null, change: null, notAnswered };
    }
    const satisfied = t.satisfied ?? 0;
    const answered = t.answered ?? 0;
    if (isSmall(satisfied) || isSmall(answered - satisfied)) {
      return { ...t, satisfied: null, share: null, change: null, notAnswered };
    }
    return { ...t, notAnswered };
  };
  const terms = figures.terms.map(hide);
  return {
    ...figures,
    terms: terms.map((t, i) => (i > 0 && terms[i - 1]?.share === null ? { ...t, change: null } : t)),
    total: hide(figures.total),
  };
}

/** Free-text answers that look like they name or identify someone, by question id, as for audit comments. */
export function feedbackIdentifierWarnings(
  call: Pick<FeedbackCall, 'answers'>,
  today?: Date,
): Record<string, string[]> {
  const warnings: Record<string, string[]> = {};
  for (const [questionId, answer] of Object.entries(call.answers)) {
    const hits = answer.text ? findIdentifiers(answer.text, today) : [];
    if (hits.length > 0) warnings[questionId] = hits.map((h) => h.description);
  }
  return warnings;
}
