// One XML parser case in a fresh process, on a document read from a file, so the peak RSS
// growth is the parse's alone. Prints one JSON line: { ms, peakRssMiB, growthMiB, outcome }
// (outcome: "parsed N" or the French refusal).
import { readFileSync } from 'node:fs';
import { parseXml } from '../../main/core/seda/xml';

const xml = readFileSync(process.argv[2] ?? '', 'utf8');
(globalThis as { gc?: () => void }).gc?.();
const rssBefore = process.resourceUsage().maxRSS;
const t0 = performance.now();
let outcome: string;
try {
  outcome = `parsed ${parseXml(xml).children.length}`;
} catch (e) {
  outcome = e instanceof Error ? e.message : String(e);
}
const ms = performance.now() - t0;
const peak = process.resourceUsage().maxRSS;
process.stdout.write(
  `${JSON.stringify({ ms, peakRssMiB: peak / 1024, growthMiB: (peak - rssBefore) / 1024, outcome })}\n`,
);
