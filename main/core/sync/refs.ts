// What the archive knows a transfer by (ACK/ATR and lookups are keyed by it).
import type { TransferRef } from '../archive/connector';
import type { TransferRecord } from '../store/transfers';

export function transferRef(
  t: Pick<TransferRecord, 'messageIdentifier' | 'operationId' | 'resumeState'>,
  transferringAgency: string,
): TransferRef {
  // When an earlier attempt's body left (Vitam): its lookup waits for the archive's logbook.
  const bodySentAt = t.resumeState?.bodySentAt;
  return {
    messageIdentifier: t.messageIdentifier,
    transferringAgency,
    ...(t.operationId ? { operationId: t.operationId } : {}),
    ...(typeof bodySentAt === 'string' ? { bodySentAt } : {}),
  };
}
