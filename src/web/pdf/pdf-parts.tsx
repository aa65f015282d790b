// Building blocks the PDF reports share: the cover line with the council's name and logo, headings
// whose sizes follow their level, tables with a header row, and vector bar charts. Built-in
// Helvetica only, so a report renders offline with no font to fetch.
import { Font, G, Image, Line, Rect, StyleSheet, Svg, Text, View } from '@react-pdf/renderer';
import type { ReactNode } from 'react';
import type { CouncilBranding } from '#shared/domain/report-model.ts';
import type { BarChartGeometry } from './charts.ts';

// Whole words only: a hyphen inserted by the layout would split words for screen readers and search.
Font.registerHyphenationCallback((word) => [word]);

export const styles = StyleSheet.create({
  page: {
    paddingTop: 36,
    paddingBottom: 48,
    paddingHorizontal: 40,
    fontFamily: 'Helvetica',
    fontSize: 10,
    color: '#0b0c0c',
  },
  masthead: {
    flexDirection: 'row',
    alignItems: 'center',
    marginBottom: 12,
    borderBottom: '2pt solid #0b0c0c',
    paddingBottom: 8,
  },
  logo: { maxHeight: 40, maxWidth: 120, marginRight: 12, objectFit: 'contain' },
  council: { fontSize: 12, fontFamily: 'Helvetica-Bold' },
  h1: { fontSize: 22, fontFamily: 'Helvetica-Bold', marginBottom: 6 },
  h2: { fontSize: 15, fontFamily: 'Helvetica-Bold', marginTop: 14, marginBottom: 6 },
  body: { marginBottom: 4, lineHeight: 1.35 },
  caption: { color: '#484949', marginBottom: 8 },
  table: { borderTop: '1pt solid #b1b4b6', marginBottom: 8 },
  row: { flexDirection: 'row', borderBottom: '1pt solid #b1b4b6' },
  headerCell: { fontFamily: 'Helvetica-Bold', padding: 3 },
  cell: { padding: 3 },
  alt: { fontSize: 9, color: '#484949', marginBottom: 8 },
  footer: { position: 'absolute', bottom: 20, left: 40, right: 40, fontSize: 8, color: '#484949', textAlign: 'right' },
});

export function Masthead({ council, subtitle }: { council: CouncilBranding; subtitle: string }) {
  return (
    <View style={styles.masthead} fixed>
      {council.logoDataUrl ? <Image style={styles.logo} src={council.logoDataUrl} /> : null}
      <View>
        <Text style={styles.council}>{council.councilName}</Text>
        <Text>{subtitle}</Text>
      </View>
    </View>
  );
}

export function PageFooter({ generatedOn }: { generatedOn: string }) {
  return (
    <Text
      style={styles.footer}
      fixed
      render={({ pageNumber, totalPages }) => `Generated ${generatedOn} · page ${pageNumber} of ${totalPages}`}
    />
  );
}

export function H1({ children }: { children: ReactNode }) {
  return <Text style={styles.h1}>{children}</Text>;
}
export function H2({ children }: { children: ReactNode }) {
  return (
    <Text style={styles.h2} minPresenceAhead={60}>
      {children}
    </Text>
  );
}
export function P({ children }: { children: ReactNode }) {
  return <Text style={styles.body}>{children}</Text>;
}

/** A table whose header row repeats on every page it spans; widths are flex weights. */
export function Table({ head, rows, widths }: { head: string[]; rows: string[][]; widths?: number[] }) {
  const flex = (i: number) => ({ flex: widths?.[i] ?? 1 });
  return (
    <View style={styles.table}>
      <View style={[styles.row, { backgroundColor: '#f3f2f1' }]} fixed>
        {head.map((h, i) => (
          <Text key={i} style={[styles.headerCell, flex(i)]}>
            {h}
          </Text>
        ))}
      </View>
      {rows.map((row, r) => (
        <View key={r} style={styles.row} wrap={false}>
          {row.map((cell, i) => (
            <Text key={i} style={[styles.cell, flex(i)]}>
              {cell}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

/** A bar chart drawn as vectors; its text alternative is printed beside it by the caller. */
export function PdfBarChart({ chart }: { chart: BarChartGeometry }) {
  return (
    <Svg width={chart.width} height={chart.height} style={{ marginBottom: 4 }}>
      <Line x1={0} y1={chart.baseline} x2={chart.width} y2={chart.baseline} stroke="#0b0c0c" strokeWidth={1} />
      {chart.markers.map((m) => (
        <G key={`m${m.x}`}>
          <Line x1={m.x} y1={4} x2={m.x} y2={chart.baseline} stroke="#d4351c" strokeWidth={1} strokeDasharray="3,2" />
          <Text x={m.x + 2} y={10} style={{ fontSize: 7 }} fill="#d4351c">
            {m.label}
          </Text>
        </G>
      ))}
      {chart.bars.map((b) => (
        <G key={b.label}>
          <Rect x={b.x} y={b.y} width={b.width} height={b.height} fill="#1d70b8" />
          <Text x={b.labelX} y={b.valueY} style={{ fontSize: 8 }} textAnchor="middle" fill="#0b0c0c">
            {b.display}
          </Text>
          <Text x={b.labelX} y={b.labelY} style={{ fontSize: 8 }} textAnchor="middle" fill="#0b0c0c">
            {b.label}
          </Text>
        </G>
      ))}
    </Svg>
  );
}
