import { describe, expect, it } from 'vitest';
import { buildFramework, criterion, section } from '#tests/fixtures/frameworks.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { describeFrameworkChange, diffFrameworks } from './framework-diff.ts';

const v1 = buildFramework();

function edit(change: (f: Framework) => void): Framework {
  const copy = structuredClone(v1);
  change(copy);
  return copy;
}

const lines = (after: Framework) => diffFrameworks(v1, after).map(describeFrameworkChange);

describe('diffFrameworks', () => {
  it('finds nothing between identical versions', () => {
    expect(diffFrameworks(v1, structuredClone(v1))).toEqual([]);
  });

  it('reports criteria added, removed and reworded', () => {
    const v2 = edit((f) => {
      const [b, , , fSection] = f.sections;
      b!.criteria = b!.criteria.filter((c) => c.id !== 'B4');
      fSection!.criteria.push(criterion('F5', { text: 'Provision names who delivers it' }));
      fSection!.criteria[1]!.text = 'Provision is specified and quantified';
    });
    expect(lines(v2)).toEqual([
      'Criterion B4 removed from B: Criterion B4',
      'Criterion F2 reworded: "Criterion F2" is now "Provision is specified and quantified"',
      'Criterion F5 added to F: Provision names who delivers it',
    ]);
  });

  it('reports a criterion moved between sections and its statutory flag changed', () => {
    const v2 = edit((f) => {
      const moved = f.sections[0]!.criteria.pop()!;
      f.sections[3]!.criteria.push({ ...moved, statutory: true });
    });
    expect(lines(v2)).toEqual(['Criterion B4 moved from B to F', 'Criterion B4 statutory changed from false to true']);
  });

  it('reports sections, rules, labels and settings that changed', () => {
    const v2 = edit((f) => {
      f.sections.push(section('K', [criterion('K1')], { title: 'Advice' }));
      f.sections[1]!.title = 'Section C: health needs';
      f.limitingRules = f.limitingRules.filter((r) => r.id !== 'statutory-partly-met');
      f.overall.rules[0]!.capAt = 1;
      f.ratingOptions[0]!.label = 'Fully met';
      f.moderation.disagreementSpread = 1;
    });
    expect(lines(v2)).toEqual([
      'Section C title changed from "Section C" to "Section C: health needs"',
      'Section K added: Advice',
      'Criterion K1 added to K: Criterion K1',
      'Rating "met" relabelled from "Met" to "Fully met"',
      expect.stringMatching(/^Rule statutory-partly-met removed \(limiting: /),
      expect.stringMatching(/^Rule f-inadequate changed from overall: .*"capAt":2.* to overall: .*"capAt":1/),
      'moderation changed from {"disagreementSpread":2,"flagStraddle":true} to {"disagreementSpread":1,"flagStraddle":true}',
    ]);
  });
});
