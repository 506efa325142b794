/**
 * The colours of the PDF reports: the palette of the page furniture and the colour of each status and severity.
 * Shared by the writer, the table writer and the report sections; re-exported by pdf-writer.ts.
 */

export const COLOR = {
  ink: '#1b1f24',
  muted: '#57606a',
  line: '#d0d7de',
  soft: '#f6f8fa',
  accent: '#0b4f8a',
  cover: '#0b2545',
  coverMuted: '#c9d6e8',
} as const;

export const STATUS_COLOR: Record<string, string> = {
  pass: '#116329',
  fail: '#a40e26',
  manual: '#0a4a8f',
  waived: '#5e2ca5',
  'not-applicable': '#424a53',
  'not-assessed': '#7a4100',
};

export const SEVERITY_COLOR: Record<string, string> = {
  critical: '#8c1020',
  high: '#b3401b',
  medium: '#9a6700',
  low: '#0a3069',
  info: '#424a53',
};
