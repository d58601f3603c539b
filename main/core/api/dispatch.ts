// Host-agnostic dispatcher: every call from a renderer, whatever the transport, goes
// through here — channel check, zod validation, then the handler; errors become a French
// message in an envelope (never a stack trace, never a secret).
import {
  isChannel,
  parseRequest,
  type Channel,
  type Envelope,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../contract/api';

export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

/** An error whose message is meant for the user, in French. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code = 'user',
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export type ErrorLogger = (channel: string, error: unknown) => void;

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  payload: unknown,
  logError?: ErrorLogger,
): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'unknown-channel', message: 'Demande refusée : canal inconnu.' } };
  }
  const parsed = parseRequest(channel, payload);
  if (!parsed.ok) return { ok: false, error: { code: 'invalid', message: parsed.message } };
  try {
    const handler = handlers[channel] as (r: unknown) => Promise<unknown>;
    const value = await handler(parsed.value);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toUserFacing(channel, error, logError) };
  }
}

function toUserFacing(channel: string, error: unknown, logError?: ErrorLogger): { code: string; message: string } {
  if (error instanceof UserError) return { code: error.code, message: error.message };
  // Core modules throw French messages by convention; anything else is a bug: log it.
  logError?.(channel, error);
  const message = error instanceof Error && /[éèàçùê«]/.test(error.message) ? error.message : null;
  return {
    code: 'internal',
    message: message ?? 'Une erreur inattendue s’est produite. Le détail a été enregistré dans le journal technique.',
  };
}

export type { ParsedRequestOf };
