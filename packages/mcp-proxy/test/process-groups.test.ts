import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readGroupRecords, reapOrphans, spawnChildLink } from '@crosspoint/mcp-proxy';
import { findGroupLauncher, groupLauncher } from '../src/group-launcher.js';
import { FAKE_GATEWAY, FIXTURE, fixtureServer, marker, processesWith, tempDir, until } from './helpers.js';

// Checks the real process table: nothing of a child's group may outlive its gateway.
describe('process groups', () => {
  it('leaves no process of the group after shutdown, grandchildren of sh -c included', async () => {
    const m = marker('group');
    const s = fixtureServer('wrapped', [], {
      command: 'sh',
      args: ['-c', `"${process.execPath}" "${FIXTURE}" --grandchild --marker ${m}`],
    });
    await s.connect();
    const { structuredContent } = ((await s.invoke('pids', {})) as { result: { structuredContent: { pid: number; grandchild: number } } }).result;
    expect(processesWith(m)).toEqual(expect.arrayContaining([structuredContent.pid, structuredContent.grandchild]));
    // sh (unless it exec'ed the server), the server, its grandchild
    expect(processesWith(m).length).toBeGreaterThanOrEqual(2);
    await s.shutdown();
    expect(processesWith(m)).toEqual([]);
  }, 30_000);

  it('escalates to SIGKILL for a child that ignores stdin EOF and SIGTERM', async () => {
    const m = marker('stubborn');
    const link = await spawnChildLink({
      command: process.execPath,
      args: [FIXTURE, '--ignore-sigterm', '--grandchild', '--marker', m],
      env: process.env as Record<string, string>,
      cwd: __dirname,
      stop: { graceMs: 200, termGraceMs: 300 },
    });
    await link.start();
    await until(() => processesWith(m).length >= 2, 'child and grandchild up');
    let closed = false;
    link.onclose = () => (closed = true);
    const exit = await link.stop();
    expect(exit.signal).toBe('SIGKILL');
    expect(closed).toBe(true);
    expect(link.stderrTail()).toEqual(expect.arrayContaining(['stdin closed, staying alive', 'ignoring SIGTERM']));
    expect(processesWith(m)).toEqual([]);
  }, 30_000);

  it('kills the leftover grandchildren when a child crashes on its own', async () => {
    const m = marker('crashgc');
    const s = fixtureServer('crashgc', ['--grandchild', '--crash-after', '1', '--marker', m], { restart: 'temporary' });
    await s.connect();
    await until(() => processesWith(m).length === 2, 'server and grandchild');
    await expect(s.invoke('echo', { text: 'x' })).rejects.toMatchObject({ code: 'DOWNSTREAM_EXITED' });
    await until(() => processesWith(m).length === 0, 'grandchild reaped after the crash');
    await s.shutdown();
  }, 30_000);

  it('records groups in the state file while they live and forgets them after shutdown', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const stateFile = join(dir, 'state', 'groups.json');
      const a = fixtureServer('rec_a', [], {}, { stateFile });
      const b = fixtureServer('rec_b', [], {}, { stateFile });
      await Promise.all([a.connect(), b.connect()]);
      await until(() => readGroupRecords(stateFile).length === 2, 'both recorded');
      const recs = readGroupRecords(stateFile);
      expect(recs.map((r) => r.name).sort()).toEqual(['rec_a', 'rec_b']);
      expect(recs[0]).toMatchObject({ ownerPid: process.pid, leaderCmdline: expect.arrayContaining([FIXTURE]) });
      await Promise.all([a.shutdown(), b.shutdown()]);
      expect(readGroupRecords(stateFile)).toEqual([]);
      expect(existsSync(`${stateFile}.lock`)).toBe(false);
    } finally {
      cleanup();
    }
  }, 30_000);

  it('reaps the groups of a gateway killed with SIGKILL, and only those', async () => {
    const { dir, cleanup } = tempDir();
    const m = marker('orphan');
    try {
      const stateFile = join(dir, 'groups.json');
      const distIndex = join(__dirname, '..', 'dist', 'index.js');
      if (!existsSync(distIndex)) throw new Error('build @crosspoint/mcp-proxy first (pnpm exec turbo run build --filter=@crosspoint/mcp-proxy...)');
      const gw = spawn(process.execPath, [FAKE_GATEWAY, pathToFileURL(distIndex).href, stateFile, FIXTURE, m], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      gw.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await until(() => out.includes('\n'), 'fake gateway up', 20_000);
      await until(() => readGroupRecords(stateFile).length === 1, 'group recorded');
      const before = processesWith(m).length; // sh (unless it exec'ed), server, grandchild
      expect(before).toBeGreaterThanOrEqual(2);
      // A live gateway's groups are not touched.
      expect(await reapOrphans({ stateFile, graceMs: 300 })).toMatchObject({ killed: [], kept: 1 });
      expect(processesWith(m).length).toBe(before);
      gw.kill('SIGKILL');
      await new Promise((r) => gw.once('exit', r));
      // The child ignores SIGTERM and stdin EOF: it survives its gateway, orphaned.
      await new Promise((r) => setTimeout(r, 200));
      expect(processesWith(m).length).toBeGreaterThanOrEqual(2);
      const report = await reapOrphans({ stateFile, graceMs: 300 });
      expect(report.killed).toEqual([{ name: 'orphaned', pgid: expect.any(Number) }]);
      await until(() => processesWith(m).length === 0, 'orphans gone');
      expect(readGroupRecords(stateFile)).toEqual([]);
    } finally {
      for (const pid of processesWith(m)) process.kill(pid, 'SIGKILL');
      cleanup();
    }
  }, 40_000);

  it('reaps the members left in a recorded group after its leader exited', async () => {
    const { dir, cleanup } = tempDir();
    const m = marker('leaderless');
    const flag = join(dir, 'leader-may-exit');
    // A leader that starts a member and exits when told: the group lives on without its leader.
    const script = `"${process.execPath}" -e "setInterval(() => {}, 1000)" -- ${m} & while [ ! -f "${flag}" ]; do sleep 0.05; done`;
    const leader = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
    const leaderExit = new Promise((r) => leader.once('exit', r));
    try {
      const { readFileSync, writeFileSync } = await import('node:fs');
      const stat = readFileSync(`/proc/${leader.pid}/stat`, 'utf8');
      const leaderStart = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      const stateFile = join(dir, 'groups.json');
      const record = { name: 'gone', pgid: leader.pid, leaderStart, leaderCmdline: ['sh'], ownerPid: 999_999_999, ownerStart: '1', recordedAt: 0 };
      writeFileSync(stateFile, JSON.stringify({ version: 1, groups: [record] }));
      const members = () => processesWith(m).filter((pid) => pid !== leader.pid); // sh's own command line names m too
      await until(() => members().length === 1, 'member up');
      writeFileSync(flag, '');
      await leaderExit;
      expect(processesWith(m).length).toBe(1);
      const report = await reapOrphans({ stateFile, graceMs: 300 });
      expect(report.killed).toEqual([{ name: 'gone', pgid: leader.pid }]);
      await until(() => processesWith(m).length === 0, 'member reaped');
    } finally {
      for (const pid of processesWith(m)) process.kill(pid, 'SIGKILL');
      leader.kill('SIGKILL');
      cleanup();
    }
  }, 30_000);

  it('keeps every record when several gateways write the state file at once', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const stateFile = join(dir, 'groups.json');
      const distIndex = pathToFileURL(join(__dirname, '..', 'dist', 'index.js')).href;
      const writer = join(__dirname, 'fixtures', 'state-writer.mjs');
      const writers = [100_000, 200_000, 300_000, 400_000].map(
        (first) => new Promise<number | null>((resolve) => spawn(process.execPath, [writer, distIndex, stateFile, String(first), '20'], { stdio: 'inherit' }).once('exit', resolve)),
      );
      expect(await Promise.all(writers)).toEqual([0, 0, 0, 0]);
      const pgids = readGroupRecords(stateFile).map((r) => r.pgid).sort((a, b) => a - b);
      const expected = [100_000, 200_000, 300_000, 400_000].flatMap((b) => Array.from({ length: 10 }, (_, i) => b + 2 * i + 1));
      expect(pgids).toEqual(expected);
      expect(existsSync(`${stateFile}.lock`)).toBe(false);
    } finally {
      cleanup();
    }
  }, 60_000);

  it('does not signal a recorded group whose leader is now a different process', async () => {
    const { dir, cleanup } = tempDir();
    const m = marker('innocent');
    const innocent = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', m], { detached: true, stdio: 'ignore' });
    try {
      await until(() => processesWith(m).length === 1, 'innocent up');
      const stateFile = join(dir, 'groups.json');
      const { writeFileSync } = await import('node:fs');
      const base = { name: 'stale', pgid: innocent.pid as number, leaderCmdline: [process.execPath], ownerPid: 999_999_999, ownerStart: '1', recordedAt: 0 };
      // Same pid, recorded with another start time: the pid was recycled since.
      writeFileSync(stateFile, JSON.stringify({ version: 1, groups: [{ ...base, leaderStart: '1' }] }));
      const report = await reapOrphans({ stateFile, graceMs: 200 });
      expect(report.killed).toEqual([]);
      expect(report.dropped).toEqual([{ name: 'stale', pgid: innocent.pid, reason: expect.stringContaining('start time') }]);
      expect(processesWith(m)).toEqual([innocent.pid]);
      expect(readGroupRecords(stateFile)).toEqual([]);
    } finally {
      innocent.kill('SIGKILL');
      cleanup();
    }
  }, 30_000);

  /** Fields of /proc/<pid>/stat after the command name: [pgrp, session]. */
  const groupAndSession = (pid: number) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pgrp: Number(f[2]), session: Number(f[3]) };
  };

  it("puts a child in a group of its own inside the gateway's session, as the server itself (same pid, no launcher fd)", async () => {
    const sleep = groupLauncher() ? '/bin/sleep' : undefined;
    if (!sleep) {
      // No perl here: the child gets a session of its own instead (checked in the next test).
      expect(groupLauncher()).toBeUndefined();
      return;
    }
    const link = await spawnChildLink({ command: sleep, args: ['30'], env: process.env as Record<string, string>, cwd: __dirname, stop: { graceMs: 100, termGraceMs: 500 } });
    try {
      expect(link.ownSession).toBe(false);
      expect(groupAndSession(link.pid)).toEqual({ pgrp: link.pid, session: groupAndSession(process.pid).session });
      expect(readFileSync(`/proc/${link.pid}/cmdline`, 'utf8').split('\0').filter(Boolean)).toEqual([sleep, '30']);
      expect(readdirSync(`/proc/${link.pid}/fd`)).not.toContain('3'); // the launcher's fd 3 closed at exec
    } finally {
      await link.stop();
    }
  }, 30_000);

  it('gives a child a session of its own when asked, or when PERL5OPT would run in the launcher', async () => {
    const env = process.env as Record<string, string>;
    for (const options of [{ env, newSession: true }, { env: { ...env, PERL5OPT: '-Mstrict' } }]) {
      const link = await spawnChildLink({ command: '/bin/sleep', args: ['30'], cwd: __dirname, stop: { graceMs: 100, termGraceMs: 500 }, ...options });
      try {
        expect(link.ownSession).toBe(true);
        expect(groupAndSession(link.pid)).toEqual({ pgrp: link.pid, session: link.pid });
      } finally {
        await link.stop();
      }
    }
  }, 30_000);

  it('reports a server the launcher cannot exec as an early exit with the reason on stderr', async () => {
    if (!groupLauncher()) return expect(groupLauncher()).toBeUndefined();
    const { dir, cleanup } = tempDir();
    try {
      const notExecutable = join(dir, 'server.sh');
      writeFileSync(notExecutable, '#!/nonexistent/interpreter\n'); // found and executable, but exec fails
      chmodSync(notExecutable, 0o755);
      const link = await spawnChildLink({ command: notExecutable, env: process.env as Record<string, string>, cwd: dir });
      const exit = await link.exited;
      await link.groupGone;
      expect(exit.code).not.toBe(0);
      expect(link.stderrTail().join('\n')).toContain(`could not start ${notExecutable}`);
    } finally {
      cleanup();
    }
  }, 30_000);

  it('uses a perl only if it starts and can make a group, and otherwise none', () => {
    const { dir, cleanup } = tempDir();
    try {
      const broken = join(dir, 'perl');
      writeFileSync(broken, '#!/bin/sh\necho "perl: cannot load libperl" >&2\nexit 127\n');
      chmodSync(broken, 0o755);
      expect(findGroupLauncher(dir)).toBeUndefined();
      expect(findGroupLauncher(join(dir, 'nowhere'))).toBeUndefined();
      const real = groupLauncher();
      if (real) {
        expect(findGroupLauncher(join(real, '..'))).toBe(real);
        expect(findGroupLauncher(`${dir}:${join(real, '..')}`)).toBeUndefined(); // the first perl on PATH is the one tried
      }
    } finally {
      cleanup();
    }
  });
});
