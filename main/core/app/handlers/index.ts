// The contract's handlers: one group per domain of main/contract/channels/, each built over
// only the engine parts it uses. Requests arrive already validated (zod) by the dispatcher.
import type { Handlers } from '../../api/dispatch';
import type { EngineParts } from '../../parts';
import { activityHandlers } from './activity';
import { classificationHandlers } from './classification';
import { depositHandlers } from './deposit';
import { diagnosticsHandlers } from './diagnostics';
import { documentHandlers } from './documents';
import { exportHandlers } from './exports';
import { folderHandlers } from './folders';
import { profileHandlers } from './profiles';
import { settingsHandlers } from './settings';

export function buildHandlers(p: EngineParts): Handlers {
  return {
    ...diagnosticsHandlers(p),
    ...profileHandlers(p),
    ...folderHandlers(p),
    ...documentHandlers(p),
    ...depositHandlers(p),
    ...exportHandlers(p),
    ...settingsHandlers(p),
    ...classificationHandlers(p),
    ...activityHandlers(p),
  };
}
