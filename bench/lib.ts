/**
 * Shared pieces of the benchmark suite (bench/run.ts): child processes, ports, logins and autocannon.
 * Nothing here prints personal data; results carry counts, rates and latencies only.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..');
/** ts-node without type checking: the same way the project's CLIs and the crash suite run TypeScript. */
export const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Server {
  child: ChildProcess;
  base: string;
  /** Milliseconds from spawn to the first 2xx of the readiness URL. */
  startMs: number;
  /** The last 4 kB the child wrote to stderr (for the message of a failure). */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Spawns `node <args>` and waits until `readyPath` answers 2xx. The child's stderr is kept (last
 * 4 kB) for the error message when it dies or does not come up.
 */
export async function startServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  readyPath: string,
  timeoutMs = 180_000,
): Promise<Server> {
  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4096);
  });
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  };
  for (;;) {
    if (exited !== null) throw new Error(`${args.join(' ')} exited with ${exited}: ${stderr}`);
    if (Date.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`${args.join(' ')} did not answer ${readyPath} within ${timeoutMs / 1000} s`);
    }
    try {
      if ((await fetch(`${base}${readyPath}`)).ok)
        return { child, base, startMs: Date.now() - t0, stderr: () => stderr, stop };
    } catch {
      /* not up yet */
    }
    await sleep(150);
  }
}

/** Resident set size of a process in MB (Linux: VmRSS of /proc/<pid>/status); null elsewhere. */
export function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Runs `node <args>` to completion; resolves with its stdout, rejects with its stderr on failure. */
export function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8192)));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited with ${code}: ${err}`)),
    );
  });
}

/** POST /api/auth/login → bearer token. */
export async function apiLogin(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`API login of ${username} failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

function cookiesOf(res: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return jar;
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * Logs in through the /login form like a browser (GET the form for its CSRF token and cookie, POST
 * it back, expect 303) and returns the Cookie header of the page session.
 */
export async function pageLogin(base: string, username: string, password: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const match = /name="_csrf" value="([^"]+)"/.exec(await form.text());
  if (form.status !== 200 || !match) throw new Error(`login form: ${form.status}, token found: ${!!match}`);
  const jar = cookiesOf(form);
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams({ username, password, _csrf: match[1] }).toString(),
  });
  if (res.status !== 303) throw new Error(`page login of ${username} failed: ${res.status}`);
  for (const [k, v] of cookiesOf(res)) jar.set(k, v);
  return cookieHeader(jar);
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A fresh JSON body per request (autocannon's setupRequest). */
  body?: () => unknown;
  connections: number;
  durationS: number;
  /** The status every answer must have (201 for an intake, 200 for a list). */
  expectStatus: number;
}

export interface LoadResult {
  /** Mean requests per second over the run. */
  rps: number;
  /** Mean latency. */
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Answers with another status than expected, connection errors and timeouts. */
  failures: number;
}

/** One autocannon run on loopback. */
export async function load(o: LoadOptions): Promise<LoadResult> {
  const headers = { ...(o.headers ?? {}) };
  if (o.body) headers['content-type'] = 'application/json';
  let unexpected = 0;
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.durationS,
    pipelining: 1,
    requests: [
      {
        method: o.method ?? 'GET',
        headers,
        ...(o.body ? { setupRequest: (req: any) => ({ ...req, body: JSON.stringify(o.body!()) }) } : {}),
        onResponse: (status) => {
          if (status !== o.expectStatus) unexpected++;
        },
      },
    ],
  });
  return {
    rps: Math.round(result.requests.average),
    meanMs: Math.round(result.latency.average * 10) / 10,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: unexpected + result.errors + result.timeouts,
  };
}
