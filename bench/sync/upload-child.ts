// Uploads one file with Sceau's real Vitam client (streamed, through the rule-driven
// throttle when a rate is given) and prints {seconds, bytes, maxRssMiB} as JSON.
import { statSync } from 'node:fs';
import { VitamClient } from '../../main/core/archive/vitam-client';
import { RuleDrivenThrottle } from '../../main/core/sync/rule-throttle';
import { DEFAULT_BANDWIDTH_RULES } from '../../main/core/sync/schedule-rules';

const [url = '', file = '', rateArg = 'null'] = process.argv.slice(2);
const rate = rateArg === 'null' ? null : Number(rateArg);
const totalBytes = statSync(file).size;
const client = new VitamClient({ baseUrl: url, tenant: 0, http: { idleTimeoutMs: 120_000 } });
// kbit/s rules, as the user sets them.
const throttle = new RuleDrivenThrottle(() => ({
  ...DEFAULT_BANDWIDTH_RULES,
  officeHours: null,
  baseLimitKbps: rate === null ? null : (rate * 8) / 1000,
}));
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const t0 = performance.now();
await client.send(
  {
    messageIdentifier: `BENCH-${Date.now()}`,
    transferringAgency: 'BENCH',
    sedaVersion: '2.1',
    bordereauPath: file,
    sipPath: file,
    totalBytes,
  },
  rate === null ? {} : { throttle },
);
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
process.stdout.write(JSON.stringify({ seconds, bytes: totalBytes, maxRssMiB: peak / 1048576 }) + '\n');
