import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * How a child gets a process group of its own (stopping it must reach its grandchildren).
 *
 * Node's `spawn` offers only `detached`, which calls `setsid`: a new session as well as a new group.
 * On Linux with autogroup scheduling (the default on desktop distributions) a session is a
 * scheduling group, so every child server would get as much CPU as the whole session running the
 * IDE and the gateway, and a gateway under load loses about 5 % of its throughput to it (see
 * BENCHMARKS.md, session 5). `setpgid` alone keeps the child in the gateway's session, scheduled
 * like any other child process. Node cannot call it, so where `perl` is on the PATH (it is part of
 * every Debian and Ubuntu system and of macOS) a one-line perl program does: it moves itself into a
 * group of its own and execs the server, which keeps its pid, with nothing left in between.
 * Without perl (or on Windows, or when the environment sets PERL5OPT, which would run in the
 * launcher) the child gets a session of its own, as before.
 */

/**
 * The launcher's program: fd 3 is made close-on-exec (its end of file tells the gateway the server
 * has been exec'ed), then `setpgid(0, 0)` and `exec`. F_SETFD is 2 and FD_CLOEXEC is 1 everywhere.
 */
export const LAUNCH_PROGRAM =
  'open(my $ready, ">&=", 3) or die "crosspoint launcher: fd 3: $!\\n"; fcntl($ready, 2, 1) or die "crosspoint launcher: fcntl: $!\\n"; ' +
  'setpgrp(0, 0) or die "crosspoint launcher: setpgid: $!\\n"; exec { $ARGV[0] } @ARGV or die "could not start $ARGV[0]: $!\\n";';

let found: string | null | undefined;

/**
 * The perl executable on the gateway's PATH, looked up and tried once (a perl that cannot start or
 * cannot make a group must not take every server down with it), or `undefined`: then use `detached`.
 */
export function groupLauncher(): string | undefined {
  if (found === undefined) found = findGroupLauncher(process.env['PATH'] ?? '') ?? null;
  return found ?? undefined;
}

/** `groupLauncher` for a given PATH, not remembered. */
export function findGroupLauncher(path: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const perl = findOnPath('perl', path);
  return perl !== null && works(perl) ? perl : undefined;
}

/** The launcher's own steps, without the exec, succeed here. */
function works(perl: string): boolean {
  const probe = spawnSync(perl, ['-e', 'setpgrp(0, 0) or exit 1; exit 0'], { stdio: 'ignore', timeout: 5_000, env: { PATH: process.env['PATH'] ?? '' } });
  return probe.status === 0;
}

function findOnPath(name: string, path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
