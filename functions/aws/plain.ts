/** SDK responses carry Date objects and undefined fields; a Snapshot holds plain JSON (dates as ISO strings). */
export function plain<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T;
}
