// Child for the watcher bench (run with --import bench/capture/ts-hooks.ts): watches a
// folder of many files, reports ready time, idle CPU and RSS as one JSON line.
import { FolderWatcher } from '../../main/core/capture/watcher';
import { walkFiles } from '../../main/core/capture/walk';

const [dir, idleMsArg] = process.argv.slice(2) as [string, string];
const t0 = performance.now();
let listed = 0;
const watcher: FolderWatcher = new FolderWatcher({
  folder: { id: 'b', profileId: 'p', path: dir, mode: 'native', exclusions: [], enabled: true, createdAt: '' },
  mode: 'native',
  pollIntervalMs: 60_000,
  reconcileIntervalMs: 10 * 60_000,
  onCandidate: () => undefined,
  reconcile: (): Promise<void> => walkFiles(dir, watcher.rules, () => listed++),
  onError: (m) => process.stderr.write(m + '\n'),
});
await watcher.start();
const readyMs = performance.now() - t0;
await watcher.reconcileSoon();
const catchUpMs = performance.now() - t0;
await new Promise((r) => setTimeout(r, 1000));
const cpu0 = process.cpuUsage();
const w0 = performance.now();
await new Promise((r) => setTimeout(r, Number(idleMsArg)));
const cpu = process.cpuUsage(cpu0);
const idleCpuPct = ((cpu.user + cpu.system) / 1000 / (performance.now() - w0)) * 100;
process.stdout.write(
  JSON.stringify({ readyMs, catchUpMs, listed, idleCpuPct, rssMiB: process.memoryUsage().rss / 1048576 }) + '\n',
);
await watcher.stop();
