// The benches' and test children's `--import`: the source-running hooks, defined once in
// scripts/ts-hooks.mjs (the CLI's source runner, main/cli/run.ts, uses them too). Import first.
import '../../scripts/ts-hooks.mjs';
