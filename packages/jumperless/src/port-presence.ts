import { access } from 'node:fs';

/**
 * Calls `onGone` once the device path of an open serial port no longer exists. On Linux an unplugged
 * device (or a pty whose other side closed) is hung up, and a read of a hung-up tty returns end of
 * file: the serialport binding then retries the read forever instead of reporting the disconnect.
 * The device node (and its /dev/serial/by-id link) disappearing is the signal that stays reliable.
 * Returns the function that stops watching.
 */
export function watchPortPresence(path: string, onGone: () => void, intervalMs = 500): () => void {
  let stopped = false;
  const timer = setInterval(() => {
    access(path, (err) => {
      if (stopped || err?.code !== 'ENOENT') return;
      stop();
      onGone();
    });
  }, intervalMs);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  return stop;
}
