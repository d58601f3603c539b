// An engine as an unprivileged user (see system.test.ts) watching one folder. It waits for
// the catch-up scan, rescans twice more, then prints one JSON line: the capture.error
// events, what the folder list says, and the documents sealed.
import { Engine } from '../../../main/core/engine';
import { hostDemoServices } from '../../../main/compose/demo-services';
import type { CoreEvent } from '../../../main/core/events';

const args = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; folder: string };
const engine = await Engine.open({
  dataDir: args.dataDir,
  credentials: 'auto',
  stabilityDelayMs: 100,
  demo: hostDemoServices({ dataDir: args.dataDir, start: false }),
});
const errors: Array<{ path: string; message: string }> = [];
engine.bus.on((e: CoreEvent) => {
  if (e.type === 'capture.error') errors.push({ path: e.path, message: e.message });
});
let out: unknown;
try {
  await engine.start();
  const profile =
    (await engine.handlers.listProfiles({}))[0] ??
    (await engine.handlers.createProfile({
      profile: { name: 'Commune surveillée', siren: '212901956', archiveKind: 'demo' },
    }));
  if ((await engine.handlers.listFolders({ profileId: profile.id })).length === 0)
    await engine.handlers.addFolder({ profileId: profile.id, path: args.folder, mode: 'native', exclusions: [] });
  for (let i = 0; i < 3; i++) await engine.parts.capture.rescan(profile.id);
  const [folder] = await engine.handlers.listFolders({ profileId: profile.id });
  const docs = engine.parts.documents.list({}, { limit: 100 }).items.map((d) => d.sourcePath);
  out = { ok: true, errors, status: folder?.status, message: folder?.message ?? null, docs };
} catch (e) {
  out = { ok: false, error: e instanceof Error ? e.message : String(e) };
} finally {
  await engine.close();
}
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
