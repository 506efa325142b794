/**
 * Numbers as pdfkit rounds them, so what this tool writes or compares itself matches pdfkit's output byte for byte:
 * operands rounded to 6 decimals, and the float32 rounding of the y its line wrapper compares.
 */

/** A number as pdfkit writes an operand: rounded to 6 decimals. */
export function pdfNumber6(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

/** pdfkit's rounding of a y the wrapper compares: down to the nearest float32. */
export function pdfNumber(n: number): number {
  const rounded = Math.fround(n);
  if (rounded <= n) return rounded;
  const f = new Float32Array([n]);
  const u = new Uint32Array(f.buffer);
  if (n <= 0) u[0] += 1;
  else u[0] -= 1;
  return f[0];
}
