// The soak's engine: the real Engine in a process of its own (the test SIGKILLs it at random
// and starts it again on the same data folder). It watches one folder on a demo profile whose
// archive sits behind the fault proxy, and does what a secretary would: complete what is
// "à compléter" from the file name, then "Verser maintenant" whatever is ready.
// IPC in: {type:'close'} → graceful stop. IPC out: {type:'ready', pid}.
import { Engine } from '../../main/core/engine';
import { hostDemoServices } from '../../main/compose/demo-services';

const args = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; watched: string; archiveUrl: string };
const engine = await Engine.open({
  dataDir: args.dataDir,
  credentials: 'session',
  demo: hostDemoServices({ dataDir: args.dataDir, archiveUrl: args.archiveUrl }),
  stabilityDelayMs: 300,
  trackingIntervalMs: 200,
});
const h = engine.handlers;
let profile = (await h.listProfiles({}))[0];
profile ??= await h.createProfile({ profile: { name: 'Commune de Soak', siren: '212901956', archiveKind: 'demo' } });
if ((await h.listFolders({ profileId: profile.id })).length === 0)
  await h.addFolder({ profileId: profile.id, path: args.watched, mode: 'native', exclusions: [] });
await engine.start();

let closing = false;
async function tick(): Promise<void> {
  if (closing) return;
  try {
    const todo = await h.listDocuments({ profileId: profile!.id, states: ['needs_metadata'], limit: 200 });
    for (const d of todo.rows) {
      const number = /^DE_(\d{4}_\d{5})_/.exec(d.fileName)?.[1] ?? '2024_00000';
      await h.updateMetadata({
        id: d.id,
        metadata: {
          nature: 'DE',
          number,
          date: '2024-03-12',
          objet: `Délibération de soak ${number}`,
          classification: '7.1',
        },
      });
    }
    const ready = await h.listDocuments({ profileId: profile!.id, states: ['ready'], limit: 200 });
    if (ready.rows.length > 0) await h.depositNow({ ids: ready.rows.map((d) => d.id) });
  } catch (e) {
    process.send?.({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
  if (!closing) setTimeout(() => void tick(), 400);
}
void tick();

process.on('message', (m: { type: string }) => {
  if (m.type !== 'close') return;
  closing = true;
  void engine.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', pid: process.pid });
