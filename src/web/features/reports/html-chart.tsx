// A bar chart as inline SVG for the HTML reports, from the same geometry as the PDF's. The figure's
// caption is its text alternative; the svg itself is hidden from assistive technology so the
// figures are not read twice.
import type { BarChartGeometry } from '#web/pdf/charts.ts';

export function HtmlBarChart({ chart, alt, id }: { chart: BarChartGeometry; alt: string; id: string }) {
  return (
    <figure className="app-report-chart govuk-!-margin-0 govuk-!-margin-bottom-6" aria-labelledby={id}>
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        width="100%"
        style={{ maxWidth: chart.width }}
        aria-hidden="true"
        focusable="false"
      >
        <line x1={0} y1={chart.baseline} x2={chart.width} y2={chart.baseline} stroke="#0b0c0c" />
        {chart.markers.map((m) => (
          <g key={`m${m.x}`}>
            <line x1={m.x} y1={4} x2={m.x} y2={chart.baseline} stroke="#d4351c" strokeDasharray="4 3" />
            <text x={m.x + 3} y={12} fontSize={10} fill="#d4351c">
              {m.label}
            </text>
          </g>
        ))}
        {chart.bars.map((b) => (
          <g key={b.label}>
            <rect x={b.x} y={b.y} width={b.width} height={b.height} fill="#1d70b8" />
            <text x={b.labelX} y={b.valueY} fontSize={11} textAnchor="middle" fill="#0b0c0c">
              {b.display}
            </text>
            <text x={b.labelX} y={b.labelY} fontSize={11} textAnchor="middle" fill="#0b0c0c">
              {b.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption id={id} className="govuk-body-s">
        {alt}
      </figcaption>
    </figure>
  );
}
