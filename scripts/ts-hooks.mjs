// Lets plain `node` run the project's .ts sources (benches, test children, a host or the CLI
// from their sources): relative imports are extensionless (bundler style), so `x` is retried
// as `x.ts` then `x/index.ts`; JSON is imported without attributes, as the bundler does.
// Parameter properties need --experimental-transform-types (strip-only mode refuses them).
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
