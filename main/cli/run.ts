// Runs the CLI from source: `node --experimental-transform-types main/cli/run.ts status`.
// Relative imports are extensionless (bundler style): retry them with .ts / /index.ts.
// Parameter properties need --experimental-transform-types (strip-only mode refuses them).
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!/^\.\.?\//.test(specifier) || /\.[cm]?[jt]s$/.test(specifier)) throw error;
      try {
        return nextResolve(`${specifier}.ts`, context);
      } catch {
        return nextResolve(`${specifier}/index.ts`, context);
      }
    }
  },
  // The bundler imports JSON without attributes; Node wants `with { type: 'json' }`.
  load(url, context, nextLoad) {
    if (url.endsWith('.json'))
      return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
    return nextLoad(url, context);
  },
});

const { main } = (await import(new URL('./index.ts', import.meta.url).href)) as typeof import('./index');
process.exitCode = await main(process.argv.slice(2));
