// Imported first by the preload: zod's JIT probes `new Function`, which a page without
// 'unsafe-eval' reports as a CSP violation. The preload never needs that JIT.
import { config } from 'zod';

config({ jitless: true });
