// The zero-work relay: a process that only pipes bytes between its client and the child.
// Its cost over a direct connection is the physical floor of any out-of-process gateway.
import { spawn } from 'node:child_process';

// --own-session: the child in a session (and process group) of its own, as a gateway that supervises
// process groups must start it (Node's `detached`); on Linux with autogroup scheduling that also gives
// it a scheduling group of its own.
const ownSession = process.argv[2] === '--own-session';
const [command, ...args] = process.argv.slice(ownSession ? 3 : 2);
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'], detached: ownSession });
process.stdin.pipe(child.stdin);
child.stdout.pipe(process.stdout);
process.stdin.on('end', () => child.stdin.end());
child.on('exit', (code) => process.exit(code ?? 1));
