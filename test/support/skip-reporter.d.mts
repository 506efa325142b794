/** Types of skip-reporter.mjs (plain JavaScript, as node:test loads reporters before tsx). */
export declare const SKIP_PREFIX: string;
export default function skippedForTools(source: AsyncIterable<{ type: string; data: unknown }>): AsyncGenerator<string>;
