// Chart geometry shared by the PDF (react-pdf Svg) and the HTML version (inline svg), so both draw
// the same vector shapes from the same figures. Pure: numbers in, rectangles and labels out.

export type Bar = { label: string; value: number | null; display: string; marker?: string | undefined };

export type BarShape = {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  display: string;
  labelX: number;
  labelY: number;
  valueY: number;
};

export type BarChartGeometry = {
  width: number;
  height: number;
  baseline: number;
  bars: BarShape[];
  /** Vertical dashed lines before bars whose marker is set (a framework version change). */
  markers: { x: number; label: string }[];
};

/** Vertical bars scaled to `max` (100 for percentages); a withheld value draws no bar. */
export function barChart(
  bars: readonly Bar[],
  options: { width: number; height: number; max?: number },
): BarChartGeometry {
  const { width, height } = options;
  const top = 16;
  const baseline = height - 28;
  const max = options.max ?? Math.max(1, ...bars.map((b) => b.value ?? 0));
  const slot = bars.length === 0 ? width : width / bars.length;
  const barWidth = Math.min(48, slot * 0.6);
  const shapes = bars.map((b, i) => {
    const h = b.value === null ? 0 : ((baseline - top) * b.value) / max;
    const x = i * slot + (slot - barWidth) / 2;
    return {
      x,
      y: baseline - h,
      width: barWidth,
      height: h,
      label: b.label,
      display: b.display,
      labelX: i * slot + slot / 2,
      labelY: baseline + 14,
      valueY: baseline - h - 4,
    };
  });
  const markers = bars.flatMap((b, i) => (b.marker ? [{ x: i * slot, label: b.marker }] : []));
  return { width, height, baseline, bars: shapes, markers };
}
