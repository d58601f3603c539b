// Loaded with `--import` into `sceau` by the RSS bench (user-path.bench.ts): each process
// (the launcher, and the command it starts under the engine's flags) writes its peak RSS at
// exit. Seal workers inherit the option; only main threads write.
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.SCEAU_BENCH_RSS_FILE;
if (isMainThread && file)
  process.on('exit', () => {
    // maxRSS is in KiB.
    appendFileSync(
      file,
      `${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, execArgv: process.execArgv })}\n`,
    );
  });
