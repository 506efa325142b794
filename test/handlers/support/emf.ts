/** Reads CloudWatch Embedded Metric Format lines (what Powertools metrics print) out of a handler's output. */

export interface EmfLine {
  namespace: string;
  dimensions: string[][];
  /** Metric name → value. */
  metrics: Record<string, number>;
  /** Every top-level member: dimension values, metric values and metadata. */
  raw: Record<string, unknown>;
}

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: Array<{ Name: string; Unit?: string }>;
}

export function emfLines(output: string): EmfLine[] {
  const out: EmfLine[] = [];
  for (const line of output.split('\n')) {
    if (!line.includes('"_aws"')) continue;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line.trim()) as Record<string, unknown>;
    } catch {
      continue;
    }
    const directives = (raw._aws as { CloudWatchMetrics?: EmfDirective[] } | undefined)?.CloudWatchMetrics ?? [];
    for (const d of directives) {
      const metrics: Record<string, number> = {};
      for (const m of d.Metrics) metrics[m.Name] = raw[m.Name] as number;
      out.push({ namespace: d.Namespace, dimensions: d.Dimensions, metrics, raw });
    }
  }
  return out;
}
