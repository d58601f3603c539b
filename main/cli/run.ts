// Runs the CLI from source: `node --experimental-transform-types main/cli/run.ts status`.
// The hooks (scripts/ts-hooks.mjs) resolve its extensionless imports before index.ts loads.
import '../../scripts/ts-hooks.mjs';

const { main } = (await import(new URL('./index.ts', import.meta.url).href)) as typeof import('./index');
process.exitCode = await main(process.argv.slice(2));
