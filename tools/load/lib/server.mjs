// Starts the built API on a free loopback port with a temp data folder and a raised file limit, and reads what the
// server process costs from /proc: resident memory, CPU time, threads.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    }).on('error', reject);
  });
}

/** The API as a child of a shell that raised its file limit first (as far as the hard limit lets an unprivileged
 *  process: this machine's containers have no CAP_SYS_RESOURCE); `extra` goes on its command line. */
export async function startServer({ dll, files, nice = 0, extra = [] }) {
  files = Math.min(files, fileLimit('self', 'hard'));
  const data = mkdtempSync(join(tmpdir(), 'mobilize-live-'));
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  // The per-caller rate limit protects a deployment from one caller; here the one caller is the point.
  const args = [dll, '--urls', url, '--data', data, '--RateLimit:PermitsPerSecond', '1000000', '--RateLimit:Burst', '1000000', ...extra];
  const child = spawn('bash', ['-c', `ulimit -n ${files} && exec nice -n ${nice} dotnet "$@"`, 'dotnet', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ASPNETCORE_ENVIRONMENT: 'Production', Logging__LogLevel__Default: 'Warning' },
  });
  child.stderr.on('data', d => process.stderr.write(`[api] ${d}`));
  const server = {
    url, data, pid: child.pid, child,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise(r => { child.once('exit', r); setTimeout(() => { child.kill('SIGKILL'); r(); }, 10_000).unref(); });
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
  await waitReady(url, child);
  // Written before the server listens, so ready means it is there (docs/access.md).
  server.token = readFileSync(join(data, 'administrator.token'), 'utf8').trim();
  return server;
}

async function waitReady(url, child) {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try { if ((await fetch(`${url}/health/ready`)).ok) return; } catch { /* not listening yet */ }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error('the API was not ready after 90 s');
}

const TICKS = 100; // USER_HZ on Linux

/** Resident memory (bytes), CPU seconds (user + system) and threads of a process, from /proc. */
export function processCost(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = name => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    rss: kb('VmRSS') * 1024, anon: kb('RssAnon') * 1024,
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS,
    threads: Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 0),
  };
}

export function loadAverage() {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}

/** RLIMIT_NOFILE of a process (the dotnet process keeps the pid of the shell that exec'ed it). */
export function fileLimit(pid, which = 'soft') {
  const [, soft, hard] = /^Max open files\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8')) ?? [];
  return Number(which === 'hard' ? hard : soft);
}

/** Descriptors the process has open now. */
export function openFiles(pid) {
  return readdirSync(`/proc/${pid}/fd`).length;
}
