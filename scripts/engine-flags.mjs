// Node flags for the process that runs the engine (the web host started by scripts/start.mjs;
// the user-path RSS bench starts its child with them too, so it measures what users run).
// A drop of 100,000 files allocates fast on the main thread; V8 then grows the young
// generation to its default cap (tens of MiB per semi-space, ~160 MiB of RSS) although
// little survives. A 4 MiB semi-space keeps a 100k drop near 210 MiB instead of ~350,
// and was not slower in the bench (more, but cheaper, scavenges).
export const ENGINE_NODE_FLAGS = ['--max-semi-space-size=4'];
