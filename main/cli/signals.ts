// SIGINT / SIGTERM become a promise the long-running commands race against, so they can
// close the engine (abort uploads cleanly, close the DB) before the process exits.
export interface StopSignal {
  readonly promise: Promise<NodeJS.Signals>;
  readonly received: NodeJS.Signals | null;
  dispose(): void;
}

export function onStopSignal(): StopSignal {
  let received: NodeJS.Signals | null = null;
  let resolveFn: (s: NodeJS.Signals) => void = () => undefined;
  const promise = new Promise<NodeJS.Signals>((r) => (resolveFn = r));
  const handler = (signal: NodeJS.Signals): void => {
    if (received) return; // a second Ctrl+C while closing is ignored: closing is quick
    received = signal;
    resolveFn(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    promise,
    get received() {
      return received;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
