// The error every network call fails with: a French message that names the problem, whether
// retrying may help, and whether the peer may have acted on the request. The archive layer
// knows it as ArchiveError (same class); the TSA client turns it into a TimestampError.

export type NetErrorCode =
  | 'network' // connection refused/reset, DNS, proxy unreachable
  | 'timeout'
  | 'tls' // certificate, host name, pin
  | 'auth' // 401/403, proxy 407
  | 'server' // 5xx
  | 'protocol' // garbage, unexpected content type, reply for another transfer
  | 'refused' // the peer refused the request itself (4xx other than auth)
  | 'unsupported'; // e.g. this as@lae cannot take chunks

/** `message` is French and shown as is to the user. */
export class NetError extends Error {
  constructor(
    readonly code: NetErrorCode,
    message: string,
    readonly retryable: boolean,
    /** True when the request may have reached the peer (outcome unknown). */
    readonly outcomeUnknown = false,
    readonly httpStatus?: number,
    /** The peer's Retry-After (503/429), in ms: how long every request to it should wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    // Kept for logs and older snapshots that print the class name.
    this.name = 'ArchiveError';
  }
}
