// Worker thread of the demo archive: every parse of a received bordereau (identity, checks,
// the as@lae echo) happens here, so a hostile bordereau can never stall the app hosting it.
import { registerHooks } from 'node:module';
import { parentPort } from 'node:worker_threads';
import type { CheckJob } from './check-jobs';

// Unbundled runs (node on .ts sources) use extensionless relative imports like the bundler
// does: retry them with `.ts` (as the seal worker does). A no-op when bundled.
if (typeof registerHooks === 'function') {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (e) {
        if (/^\.\.?\//.test(specifier) && !/\.[cm]?[jt]s$/.test(specifier))
          return nextResolve(`${specifier}.ts`, context);
        throw e;
      }
    },
  });
}

const { runCheckJob } = await import('./check-jobs');

parentPort?.on('message', (msg: { id: number; job: CheckJob }) => {
  runCheckJob(msg.job).then(
    (value) => parentPort?.postMessage({ id: msg.id, value }),
    (error: unknown) =>
      parentPort?.postMessage({ id: msg.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
