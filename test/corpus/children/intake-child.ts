// An engine in a process of its own, started as an unprivileged user by system.test.ts
// (root reads everything, so permissions can only be tested from another uid). It drops
// the given paths on a demo profile and prints one JSON line: the intake result and, per
// document, its state, reason and source.
import { Engine } from '../../../main/core/engine';
import { hostDemoServices } from '../../../main/compose/demo-services';

const args = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; paths: string[] };
const engine = await Engine.open({
  dataDir: args.dataDir,
  credentials: 'auto',
  stabilityDelayMs: 100,
  demo: hostDemoServices({ dataDir: args.dataDir, start: false }),
});
let out: unknown;
try {
  const profile =
    (await engine.handlers.listProfiles({}))[0] ??
    (await engine.handlers.createProfile({
      profile: { name: 'Commune sans droits', siren: '212901956', archiveKind: 'demo' },
    }));
  try {
    const intake = await engine.handlers.intakePaths({ profileId: profile.id, paths: args.paths });
    const docs = await Promise.all(intake.documentIds.map((id) => engine.handlers.getDocument({ id })));
    const integrity = await engine.handlers.verifyIntegrity({});
    out = {
      ok: true,
      intake,
      docs: docs.map((d) => ({ sourcePath: d.sourcePath, state: d.state, hex: d.fingerprint?.hex })),
      integrity: integrity.ok,
    };
  } catch (e) {
    out = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
} finally {
  await engine.close();
}
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
