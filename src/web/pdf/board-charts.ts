// The board report's three charts as geometry, built the same way for the PDF and the HTML page.
import { showCount, showPercent, type BoardReportModel } from '#shared/domain/report-model.ts';
import { barChart, type BarChartGeometry } from './charts.ts';

export type BoardCharts = { distribution: BarChartGeometry; trend: BarChartGeometry; sections: BarChartGeometry };

export function boardCharts(model: BoardReportModel, width = 480): BoardCharts {
  const t = model.suppressedBelow;
  const f = model.figures;
  return {
    distribution: barChart(
      f.distribution.map((d) => ({ label: d.label, value: d.count, display: showCount(d.count, t) })),
      { width, height: 150 },
    ),
    trend: barChart(
      f.trend.map((term) => ({
        label: term.term,
        value: term.goodOrBetter.percent,
        display: showPercent(term.goodOrBetter.percent, t),
        marker: term.isVersionChange ? `Framework ${term.frameworkVersions.join(', ')}` : undefined,
      })),
      { width, height: 150, max: 100 },
    ),
    sections: barChart(
      f.goodOrBetterBySection.map((s) => ({
        label: s.sectionId,
        value: s.share.percent,
        display: showPercent(s.share.percent, t),
      })),
      { width, height: 150, max: 100 },
    ),
  };
}
