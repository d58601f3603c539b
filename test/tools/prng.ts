// The tests' seeded PRNG (mulberry32): the one the back-off jitter uses in production, so a
// seed replays the same faults, kills and delays everywhere.
export { seededRng } from '../../main/core/sync/backoff';
