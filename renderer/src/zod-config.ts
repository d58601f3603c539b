// Imported first by main.tsx. The contract (main/contract/api.ts) brings zod into the renderer;
// zod's JIT probes `new Function` once, which the strict CSP (no 'unsafe-eval') reports
// as a violation even though zod catches it. The renderer never needs that JIT.
import { config } from 'zod';

config({ jitless: true });
