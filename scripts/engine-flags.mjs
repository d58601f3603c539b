// Node flags for the process that runs the engine: the web host (scripts/start.mjs), the CLI
// (bin/sceau.mjs starts its command with them) and Electron's main process (as --js-flags,
// main/electron/engine-flags.ts); the user-path RSS bench starts its child with them too, so
// it measures what users run.
// A drop of 100,000 files allocates fast on the main thread, and little of it survives:
// - V8 grows the young generation to its default cap (tens of MiB per semi-space, ~160 MiB of
//   RSS): a 4 MiB semi-space keeps the 100k drop near 210 MiB instead of ~350, and was not
//   slower in the bench (more, but cheaper, scavenges);
// - V8 lets the old generation grow up to 4× its live size before a full collection: at 1.2×,
//   `sceau deposit` of 100,000 files peaks at ~236 MiB instead of ~337 (the intake alone ~190
//   instead of ~215), for ~0–15 % more CPU in the deposit (docs/performance.md).
export const ENGINE_NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=20'];
