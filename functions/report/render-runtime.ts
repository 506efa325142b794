/**
 * V8 flags of the process that renders reports (the report Lambda, and the PDF benchmark's render server, which
 * measures the renderer as it is deployed). A 10,000-finding PDF allocates a few hundred MB of short-lived
 * strings and arrays; with V8's default 16 MB semi-spaces most of them outlive a scavenge, get copied to the old
 * generation and are collected again there, about a tenth of the render. 32 MB semi-spaces (at most 96 MB of young
 * generation, inside the report function's 2 GB) let them die young.
 */
export const RENDER_NODE_FLAGS = ['--max-semi-space-size=32'] as const;
