// The demo archive in its own process; IPC: {type:'stats'} → {type:'stats', stats}.
import { startDemoArchive } from '../../../../main/demo-archive/server';

const args = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; pendingMs?: number; port?: number };
const archive = await startDemoArchive({
  port: args.port ?? 0,
  host: '127.0.0.1',
  dataDir: args.dataDir,
  pendingMs: args.pendingMs ?? 100,
});
process.send?.({ type: 'ready', url: archive.url, asalaeUrl: archive.asalaeUrl, vitamUrl: archive.vitamUrl });
process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') process.send?.({ type: 'stats', stats: archive.stats() });
  if (m.type === 'close') void archive.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
