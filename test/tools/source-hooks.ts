// Lets plain `node --experimental-transform-types --import ./test/tools/source-hooks.ts x.ts`
// run a host from its sources (as main/cli/run.ts does for the CLI): extensionless relative
// imports retried as .ts / index.ts, JSON imported without attributes.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (e) {
      if (!/^\.\.?\//.test(specifier) || /\.[cm]?[jt]s$/.test(specifier)) throw e;
      try {
        return nextResolve(`${specifier}.ts`, context);
      } catch {
        return nextResolve(`${specifier}/index.ts`, context);
      }
    }
  },
  load(url, context, nextLoad) {
    if (url.endsWith('.json'))
      return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
    return nextLoad(url, context);
  },
});
