// What the archive knows a transfer by (ACK/ATR and lookups are keyed by it).
import type { TransferRef } from '../archive/connector';
import type { TransferRecord } from '../store/transfers';

export function transferRef(
  t: Pick<TransferRecord, 'messageIdentifier' | 'operationId'>,
  transferringAgency: string,
): TransferRef {
  return {
    messageIdentifier: t.messageIdentifier,
    transferringAgency,
    ...(t.operationId ? { operationId: t.operationId } : {}),
  };
}
