/**
 * apply: the declarative form. A manifest lists services with their configs; apply installs what
 * is missing, updates what differs, leaves the rest, and with `prune` uninstalls servicekit's own
 * services (of that scope) it does not list. Every service is checked and planned before anything
 * changes. New services are installed and started one after the other without a settle window of
 * their own, then watched together through one (SETTLE_MS): one that does not stay up is uninstalled,
 * as install --start rolls back, and reported. Updates and removals follow one by one. A failure is
 * reported for its service without stopping the others. Loaded on first use.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveConfig, type Config } from './config.js';
import { InterruptedError, InvalidArgumentError, InvalidConfigError, ServiceError, StartFailedError } from './errors.js';
import { currentPlatform, recordOf } from './platforms.js';
import { logTail, type FileChange, type Platform, type StatusDetail } from './platforms/platform.js';
import { SETTLE_MS } from './platforms/settle.js';
import { Service } from './service.js';
import { realHost, type Host } from './sys/host.js';
import { fromEcosystem, isEcosystem } from './ecosystem.js';
import { checkTrustedFile } from './sys/trust.js';

/** An apply file: `{ "services": [Config, …] }` (see schema/apply.schema.json). */
export interface Manifest {
  services: Config[];
}

export interface ApplyOptions {
  /** The scope: user services (systemd --user, launchd agents) instead of system services. Default false. */
  userService?: boolean;
  /** Uninstall servicekit's own services of the scope that the manifest does not list. */
  prune?: boolean;
  /** Plan only: say what would be done, change nothing. */
  dryRun?: boolean;
  /** How long a created or restarted service must stay up to count as started (as for install). */
  settleMs?: number;
  /** Stop between services (the one being changed is rolled back). */
  signal?: AbortSignal;
  /** A pm2 ecosystem: the profile whose env_NAME goes over env (pm2's --env NAME). */
  envProfile?: string;
  platform?: Platform;
  env?: NodeJS.ProcessEnv;
}

export type ApplyAction = 'create' | 'update' | 'unchanged' | 'remove';

export interface ApplyEntry {
  name: string;
  action: ApplyAction;
  /** The files create or update writes or removes (before/after texts; `secret` ones are not to be shown). */
  changes: FileChange[];
  /** Set when applying this service failed (the others were still applied). */
  error?: { code: string; message: string };
}

export interface ApplyResult {
  /** Whether anything was (dry run: would be) changed. */
  changed: boolean;
  dryRun: boolean;
  services: ApplyEntry[];
}

const MANIFEST_KEYS = ['services', '$schema'];

/** The manifest's service configs, checked: names unique, an executable each, the scope's. Throws InvalidConfigError naming the service and field. */
export function checkManifest(manifest: unknown, userService: boolean, paths: 'posix' | 'win32' = 'posix'): Config[] {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) throw new InvalidConfigError('manifest', 'must be an object with a "services" array');
  for (const k of Object.keys(manifest)) if (!MANIFEST_KEYS.includes(k)) throw new InvalidConfigError(k, `unknown key (a manifest has ${MANIFEST_KEYS.join(', ')})`);
  const services = (manifest as { services?: unknown }).services;
  if (!Array.isArray(services)) throw new InvalidConfigError('services', 'must be an array of service configs');
  const seen = new Set<string>();
  return services.map((s, i) => {
    const at = (field: string) => `services[${i}]${typeof (s as Config)?.name === 'string' ? ` (${(s as Config).name})` : ''}.${field}`;
    try {
      if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new InvalidConfigError('config', 'must be an object');
      const c = s as Config;
      if (c.executable === undefined) throw new InvalidConfigError('executable', 'is required in a manifest (the program to run, an absolute path)');
      if (c.userService !== undefined && c.userService !== userService) {
        throw new InvalidConfigError('userService', `says ${String(c.userService)}, but this apply is for ${userService ? 'user' : 'system'} services`);
      }
      // The working directory defaults to / (as systemd's), not to wherever apply happens to run.
      const cfg: Config = { ...c, userService, workingDirectory: c.workingDirectory ?? (paths === 'posix' ? '/' : 'C:\\') };
      resolveConfig(cfg, { execPath: '/', cwd: '/', home: '/', paths });
      if (seen.has(cfg.name)) throw new InvalidConfigError('name', `${cfg.name} is listed twice`);
      seen.add(cfg.name);
      return cfg;
    } catch (e) {
      if (e instanceof InvalidConfigError) throw new InvalidConfigError(at(e.field), e.message.replace(/^invalid [^:]*: /, ''), { cause: e });
      throw e;
    }
  });
}

/** Make the installed services of the scope what the manifest says. */
export async function apply(manifest: unknown, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const userService = opts.userService ?? false;
  const platform = opts.platform ?? currentPlatform();
  const configs = checkManifest(asManifest(manifest, process.cwd(), opts.envProfile), userService, recordOf(platform).paths);
  const serviceOpts = { platform, ...(opts.env === undefined ? {} : { env: opts.env }) };
  // 1. Plan everything first: a config the platform refuses, or a name that is not servicekit's, stops the apply before any change.
  const work: { svc: Service; entry: ApplyEntry }[] = [];
  for (const config of configs) {
    const svc = new Service(null, config, serviceOpts);
    const plan = await svc.plan();
    work.push({ svc, entry: { name: svc.name, action: plan.action, changes: plan.changes } });
  }
  if (opts.prune) {
    const mgr = await recordOf(platform).manager(undefined, opts.env ?? process.env);
    const listed = new Set(configs.map((c) => c.name));
    for (const d of await mgr.list(userService)) {
      if (listed.has(d.name)) continue;
      work.push({ svc: new Service(null, { name: d.name, userService }, serviceOpts), entry: { name: d.name, action: 'remove', changes: [] } });
    }
  }
  const entries = work.map((w) => w.entry);
  if (opts.dryRun) return { changed: entries.some((e) => e.action !== 'unchanged'), dryRun: true, services: entries };

  // 2. The new services together (one settle window for all), then the others one after the other.
  await createTogether(work.filter((w) => w.entry.action === 'create'), opts);
  const settle = opts.settleMs === undefined ? {} : { settleMs: opts.settleMs };
  const signal = opts.signal === undefined ? {} : { signal: opts.signal };
  for (const { svc, entry } of work.filter((w) => w.entry.action === 'update' || w.entry.action === 'remove')) {
    if (opts.signal?.aborted) {
      entry.error = INTERRUPTED;
      continue;
    }
    try {
      if (entry.action === 'update') await svc.update({ ...settle, ...signal });
      else await svc.uninstall();
    } catch (e) {
      entry.error = errorOf(e);
    }
  }
  return { changed: entries.some((e) => e.action !== 'unchanged' && e.error === undefined), dryRun: false, services: entries };
}

type Work = { svc: Service; entry: ApplyEntry };

const INTERRUPTED = { code: 'ERR_INTERRUPTED', message: 'not applied: interrupted' };
/** The log lines a failed start's error shows (as install's). */
const ERROR_LINES = 10;
/** How often the shared settle window looks at each new service. */
const WATCH_POLL_MS = 100;
/** How long a service still starting when the window ends is waited for (systemd's own start timeout is 90 s). */
const START_WAIT_MS = 120_000;

function errorOf(e: unknown): NonNullable<ApplyEntry['error']> {
  return { code: e instanceof ServiceError ? e.code : 'ERR_UNEXPECTED', message: e instanceof Error ? e.message : String(e) };
}

/**
 * New services: each installed and started (its start job awaited) with no settle window of its
 * own, one after the other under the install lock; then all watched together through one window;
 * each that did not stay up (or all not yet confirmed, when the apply is interrupted) uninstalled,
 * as a failed install --start is undone, with the reason in its entry.
 */
async function createTogether(items: Work[], opts: ApplyOptions): Promise<void> {
  const started: Work[] = [];
  const firsts: StatusDetail[] = [];
  for (const w of items) {
    if (opts.signal?.aborted) {
      w.entry.error = INTERRUPTED;
      continue;
    }
    try {
      // Each start queued, not awaited (systemd runs them side by side); the shared window below watches them.
      await w.svc.install({ start: true, settleMs: 0, waitForStart: false, ...(opts.signal === undefined ? {} : { signal: opts.signal }) });
    } catch (e) {
      w.entry.error = errorOf(e);
      continue;
    }
    try {
      // Its state right after its start: a restart while the others are installed is measured from here.
      firsts.push(await w.svc.statusDetail());
      started.push(w);
    } catch (e) {
      // Not watched, so not kept: undone as a failed start is.
      w.entry.error = errorOf(e);
      await w.svc.uninstall().catch(() => undefined);
    }
  }
  const failures = await watchTogether(started.map((w) => w.svc), firsts, opts.settleMs ?? SETTLE_MS, opts.signal);
  for (const [i, why] of failures) {
    const w = started[i]!;
    const tail = why === 'interrupted' ? [] : await logTail(w.svc.logs({ lines: ERROR_LINES }), ERROR_LINES);
    w.entry.error = errorOf(why === 'interrupted' ? new InterruptedError(`interrupted while ${w.svc.name} settled; undone`) : new StartFailedError(w.svc.name, why, tail));
    await w.svc.uninstall().catch(() => undefined);
  }
}

/**
 * Does a just-started service still count as up: running or starting, the same PID (a new one is a
 * restart), the manager's restart count unchanged where it keeps one (systemd's NRestarts)?
 */
function settledFailure(first: StatusDetail, now: StatusDetail, settleMs: number): string | undefined {
  if (now.state !== 'running' && now.state !== 'starting') return now.state;
  if (first.pid !== undefined && now.pid !== undefined && now.pid !== first.pid) return `restarted within ${settleMs} ms (PID ${first.pid}, then ${now.pid})`;
  const [before, after] = [first.raw['NRestarts'], now.raw['NRestarts']].map(Number);
  if (Number.isInteger(before) && Number.isInteger(after) && after! > before!) return `restarted within ${settleMs} ms`;
  return undefined;
}

/**
 * The services watched side by side through one settle window from their first states: index → why
 * it failed (or "interrupted"). Their starts were only queued: one not started yet (its job still
 * waiting) counts from its first reading up, and fails if the window ends before it does; one still
 * starting when the window ends (a notify program not yet ready) is watched on until it runs or
 * fails, as an awaited start would have been (systemd ends a start that takes too long).
 */
async function watchTogether(svcs: Service[], first: StatusDetail[], settleMs: number, signal?: AbortSignal): Promise<Map<number, string>> {
  const failed = new Map<number, string>();
  if (svcs.length === 0) return failed;
  const base: (StatusDetail | undefined)[] = first.map(() => undefined);
  const state = first.map((d) => d.state);
  const see = (i: number, d: StatusDetail) => {
    state[i] = d.state;
    // Still waiting for its start job: not a failure yet.
    if (d.state === 'stopped' && base[i] === undefined) return;
    base[i] ??= d;
    const why = settledFailure(base[i]!, d, settleMs);
    if (why !== undefined) failed.set(i, why);
  };
  first.forEach((d, i) => see(i, d));
  const end = Date.now() + settleMs;
  const waiting = () => svcs.some((_, i) => !failed.has(i) && state[i] === 'starting');
  while ((Date.now() < end || (waiting() && Date.now() < end + START_WAIT_MS)) && failed.size < svcs.length) {
    if (signal?.aborted) break;
    const left = end - Date.now();
    await new Promise((r) => setTimeout(r, left > 0 ? Math.min(WATCH_POLL_MS, left) : WATCH_POLL_MS));
    const settled = Date.now() >= end;
    await Promise.all(
      svcs.map(async (s, i) => {
        // After the window only the ones still starting are looked at.
        if (failed.has(i) || (settled && state[i] !== 'starting')) return;
        try {
          see(i, await s.statusDetail());
        } catch (e) {
          // Not seen through the window: not kept.
          failed.set(i, `its status could not be read (${e instanceof Error ? e.message : String(e)})`);
        }
      }),
    );
  }
  if (signal?.aborted) svcs.forEach((_, i) => failed.has(i) || failed.set(i, 'interrupted'));
  svcs.forEach((_, i) => {
    if (failed.has(i)) return;
    if (base[i] === undefined) failed.set(i, 'stopped (it never started)');
    else if (state[i] === 'starting') failed.set(i, `still starting ${START_WAIT_MS / 1000} s after the settle window`);
  });
  return failed;
}

/** A manifest, or a pm2 ecosystem made one (relative paths from `baseDir`; its apps run with the Node running servicekit). */
function asManifest(x: unknown, baseDir: string, profile: string | undefined): unknown {
  if (isEcosystem(x)) return fromEcosystem(x, { baseDir, node: process.execPath, cpus: availableParallelism(), ...(profile === undefined ? {} : { profile }) });
  if (profile !== undefined) throw new InvalidArgumentError('an env profile is for a pm2 ecosystem file (apps with env_NAME)');
  return x;
}

/**
 * Read a manifest file: JSON (.json), or a module (.mjs, .js, .cjs) whose default export
 * (module.exports) is the manifest; a pm2 ecosystem file (`{ apps: [...] }`) is read as one, its
 * relative paths from its own directory, `envProfile` choosing its env_NAME. Run as root, the file must be root's (or the caller's) and writable by no one else, as
 * must its directories: its services run as root, and a module is code.
 */
export async function loadManifest(file: string, host: Host = realHost, envProfile?: string): Promise<unknown> {
  const abs = path.resolve(file);
  return asManifest(await readManifest(file, abs, host), path.dirname(abs), envProfile);
}

async function readManifest(file: string, abs: string, host: Host): Promise<unknown> {
  // Owners and modes are POSIX's; on Windows (no uid) a file's ACL decides, which is not read here.
  const euid = host.euid();
  if (euid !== undefined) await checkTrustedFile(host, 'manifest', abs, euid);
  if (/\.(mjs|js|cjs)$/.test(abs)) {
    const mod = (await import(pathToFileURL(abs).href)) as { default?: unknown };
    if (mod.default === undefined) throw new InvalidConfigError('manifest', `${file} has no default export`);
    return mod.default;
  }
  if (!abs.endsWith('.json')) throw new InvalidArgumentError(`${file}: a manifest is a .json file or a module (.mjs, .js, .cjs)`);
  const text = Buffer.from(await host.readFileNoFollow(abs)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InvalidConfigError('manifest', `${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}
