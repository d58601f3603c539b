export { loadPolicy, policyFromObject, safePolicy, NO_POLICY } from './load';
export type { LoadedPolicy, LoadPolicyOptions } from './load';
export {
  applyPolicy,
  settingsLocks,
  isEndpointAllowed,
  isSirenAllowed,
  policyPinsFor,
  policySettings,
  checkProfileAgainstPolicy,
} from './apply';
export type { PolicyDecision } from './apply';
export { policySchema, LOCKS, ALL_LOCKABLE_KEYS } from './schema';
export type { PolicyValues, PolicyKey } from './schema';
export { parseRegQuery, readRegistryPolicy, POLICY_REGISTRY_KEY } from './registry';
