// Heavy packages loaded on first use instead of at start: `sceau deposit <file>` spent most
// of its start → exit in module loading (issue 18), and a bundle hoists every static import
// to its top. Synchronous (require, which also loads ES modules since Node 22.12) so the
// callers keep their signatures; the module is loaded once and shared afterwards.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** A getter that loads the package `id` the first time it is called. */
export function lazyModule<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= load(id) as T);
}
