// A reader that stops early (`sceau --help | head -1`, `sceau status | less` quit) closes the
// pipe: the rest of the output is dropped quietly instead of an EPIPE stack trace.
let installed = false;

export function quietOnClosedPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  if (installed) return;
  installed = true;
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
        stream.destroy();
        return;
      }
      throw error;
    });
  }
}
