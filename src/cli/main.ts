/** The servicekit command. Output and exit codes only: every action goes through the public API. */
import type { Writable } from 'node:stream';
import {
  availableSystems,
  chooseSystem,
  createService,
  listServices,
  loadManifest,
  apply,
  platform,
  host,
  InvalidArgumentError,
  ServiceError,
  type Platform,
  type Service,
  type StatusDetail,
} from '../index.js';
import { ownPackage } from '../sys/package.js';
import { parseCli, parseNumber, type ParsedCli } from './args.js';

const EXIT = { ok: 0, error: 1, usage: 2, stopped: 3, notInstalled: 4 } as const;

/** The signals that interrupt an install or uninstall (a terminal's Ctrl-C, kill, a closed terminal). */
const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Run an install or uninstall so that a signal does not cut it short: an install is rolled back
 * (its AbortSignal fires: no further step, the steps done are undone), an uninstall is finished;
 * then the command exits with the signal's code (128 + its number), as if the signal had killed it.
 * An operation the signal came too late to stop (it had done everything) ends as it did: exit 0
 * means done, whatever came meanwhile, so the code never says "interrupted" of a finished install.
 * For the same reason a signal after it, while the command prints and the process ends, is ignored
 * (it would kill the process with 128 + N, which says "nothing was installed").
 */
export async function uninterrupted(fn: (signal: AbortSignal) => Promise<number>): Promise<number> {
  ignoreLateSignals();
  const ac = new AbortController();
  let received: NodeJS.Signals | undefined;
  const on = (sig: NodeJS.Signals) => {
    received ??= sig;
    ac.abort(new Error(sig));
  };
  for (const s of INTERRUPTS) process.on(s, on);
  try {
    const code = await fn(ac.signal);
    return received === undefined || code === EXIT.ok ? code : signalExit(received);
  } catch (e) {
    if (received === undefined) throw e;
    throw new SignalExit(signalExit(received), e);
  } finally {
    for (const s of INTERRUPTS) process.off(s, on);
  }
}

/** After this long without an end, a start is said to be waited for (a program that never reports ready). */
const WAITING_NOTICE_MS = 3000;

/** Run `fn`; if it takes longer than WAITING_NOTICE_MS, say on `err` what is waited for and how to stop waiting. */
async function saying<T>(err: NodeJS.WritableStream, what: string, fn: () => Promise<T>): Promise<T> {
  const timer = setTimeout(() => err.write(`servicekit: waiting for ${what}; Ctrl-C aborts and undoes it\n`), WAITING_NOTICE_MS);
  timer.unref();
  try {
    return await fn();
  } finally {
    clearTimeout(timer);
  }
}

/** Installed once: a listener that does nothing, so that a signal no longer kills the process. */
const ignore = () => undefined;
let lateSignalsIgnored = false;
function ignoreLateSignals(): void {
  if (lateSignalsIgnored) return;
  lateSignalsIgnored = true;
  for (const s of INTERRUPTS) process.on(s, ignore);
}

/**
 * The command's last step, in the process it owns (bin.ts; never in a test calling main): once an
 * install or uninstall has run, the signals are ignored by the kernel until the process has ended.
 * The listener above does not last that long: Node's teardown closes its signal watchers, setting
 * the default action back, some milliseconds before the process exits.
 */
export async function endCommand(): Promise<void> {
  if (!lateSignalsIgnored) return;
  try {
    const { ignoreUntilExit } = await import('../sys/signals.js');
    for (const s of INTERRUPTS) ignoreUntilExit(s, ignore);
  } catch {
    // The listeners stay: the command ends as it did before this step.
  }
}

/** The error of a command a signal interrupted, and the exit code it ends with. */
class SignalExit extends Error {
  constructor(
    readonly code: number,
    readonly error: unknown,
  ) {
    super(`interrupted (exit ${code})`, { cause: error });
  }
}

function signalExit(sig: NodeJS.Signals): number {
  return 128 + (process.getBuiltinModule('node:os').constants.signals[sig] ?? 0);
}

/** The package version, from the nearest package.json named servicekit. */
function version(): string {
  return ownPackage()?.version ?? 'unknown';
}

/** apply FILE: the plan or the outcome per service, as lines (dry run: with diffs) or JSON; exit 1 when a service failed. */
async function applyCommand(p: ParsedCli, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const profile = p.values['env-profile'];
  const manifest = await loadManifest(p.positionals[0]!, typeof profile === 'string' ? { envProfile: profile } : {});
  const settleMs = parseNumber('settle-ms', p.values['settle-ms']);
  return uninterrupted(async (signal) => {
    const r = await apply(manifest, { userService: Boolean(p.values.user), prune: Boolean(p.values.prune), dryRun: Boolean(p.values['dry-run']), signal, ...(settleMs === undefined ? {} : { settleMs }) });
    const failed = r.services.filter((s) => s.error);
    if (p.values.json) {
      out.write(JSON.stringify(r) + '\n');
    } else {
      const { printPlan } = await import('./plan-text.js');
      out.write(printPlan(r));
      for (const s of failed) err.write(`servicekit: ${s.name}: ${s.error!.message} [${s.error!.code}]\n`);
    }
    return failed.length ? EXIT.error : EXIT.ok;
  });
}

/** adopt: the diff from the hand-written file to servicekit's; with --yes, rewritten (exit 0), else nothing changed (exit 1). */
async function adoptCommand(p: ParsedCli, out: NodeJS.WritableStream): Promise<number> {
  const { configFromCli } = await import('./config-from-cli.js');
  const svc = createService(null, await configFromCli(p, false));
  const settleMs = parseNumber('settle-ms', p.values['settle-ms']);
  const { fileDiffs } = await import('./plan-text.js');
  return uninterrupted(async (signal) => {
    const r = await svc.adopt({ yes: Boolean(p.values.yes), restart: !p.values['no-restart'], signal, ...(settleMs === undefined ? {} : { settleMs }) });
    out.write(fileDiffs(r.changes));
    if (!r.adopted) {
      out.write(`${svc.name} not changed: servicekit would write the above; run again with --yes to take it over\n`);
      return EXIT.error;
    }
    out.write(`adopted ${svc.name}${r.restarted ? ' and restarted it' : ''}: servicekit's from now on (update, apply --prune, uninstall)\n`);
    return EXIT.ok;
  });
}

/**
 * An AbortSignal that aborts once the output is a pipe its reader has closed (`servicekit logs -f
 * NAME | head`): a write then fails with EPIPE (which bin.ts ignores) and the stream closes, and a
 * command that would go on writing, or waiting for more to write, stops.
 */
function whenReaderGone(out: NodeJS.WritableStream): { signal: AbortSignal; forget(): void } {
  const ac = new AbortController();
  const abort = () => ac.abort();
  if ((out as Partial<Writable>).destroyed) abort();
  out.once('close', abort);
  return { signal: ac.signal, forget: () => out.off('close', abort) };
}

/** A status as JSON (`status --json`, each entry of `list --json`); usage's parts null where unknown. */
type StatusJson = Record<string, string | number | boolean | null | StatusJson[]>;

function statusJson(d: StatusDetail): StatusJson {
  const u = d.usage;
  return {
    name: d.name,
    platform: d.platform,
    state: d.state,
    pid: d.pid ?? null,
    enabled: d.enabled ?? null,
    memoryBytes: u?.memoryBytes ?? null,
    cpuSeconds: u?.cpuSeconds ?? null,
    uptimeSeconds: u?.uptimeSeconds ?? null,
    ...(d.cause === undefined ? {} : { cause: d.cause }),
    ...(d.instances === undefined ? {} : { instances: d.instances.map(statusJson) }),
  };
}

const MIB = 1024 * 1024;
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

/** "45s", "12m 3s", "2h 3m", "3d 4h": the two largest units, as pm2 shows uptime. */
function duration(sec: number): string {
  if (sec < MINUTE) return `${sec}s`;
  if (sec < HOUR) return `${Math.floor(sec / MINUTE)}m ${sec % MINUTE}s`;
  if (sec < DAY) return `${Math.floor(sec / HOUR)}h ${Math.floor((sec % HOUR) / MINUTE)}m`;
  return `${Math.floor(sec / DAY)}d ${Math.floor((sec % DAY) / HOUR)}h`;
}

/** What the program uses, in words: "45.2 MiB, cpu 1.3s, up 2h 3m". */
function usageWords(u: StatusDetail['usage']): string[] {
  if (u === undefined) return [];
  return [
    u.memoryBytes === undefined ? '' : `${(u.memoryBytes / MIB).toFixed(1)} MiB`,
    u.cpuSeconds === undefined ? '' : `cpu ${u.cpuSeconds.toFixed(1)}s`,
    u.uptimeSeconds === undefined ? '' : `up ${duration(u.uptimeSeconds)}`,
  ];
}

/**
 * A status as a line: "NAME: running (pid 42, enabled, 45.2 MiB, cpu 1.3s, up 2h 3m)"; a service of
 * instances: "NAME: running (enabled, 4 instances, …)" and a line for each, indented.
 */
function statusLine(d: StatusDetail, indent = ''): string {
  const count = d.instances === undefined ? '' : `${d.instances.length} instance${d.instances.length === 1 ? '' : 's'}`;
  const extra = [d.pid ? `pid ${d.pid}` : '', d.enabled === undefined ? '' : d.enabled ? 'enabled' : 'disabled', count, ...usageWords(d.usage)].filter(Boolean).join(', ');
  const line = `${indent}${d.name}: ${d.state === 'not-installed' ? 'not installed' : d.state}${extra ? ` (${extra})` : ''}\n`;
  return line + (d.instances ?? []).map((x) => statusLine(x, `${indent}  `)).join('');
}

async function list(userService: boolean, json: boolean, out: NodeJS.WritableStream): Promise<number> {
  const all = await listServices({ userService });
  out.write(json ? JSON.stringify(all.map(statusJson)) + '\n' : all.map((d) => statusLine(d)).join(''));
  return EXIT.ok;
}

/** 0 running, 4 only when not installed, 3 for every other state of an installed service. */
function statusExit(d: StatusDetail): number {
  if (d.state === 'running') return EXIT.ok;
  return d.state === 'not-installed' ? EXIT.notInstalled : EXIT.stopped;
}

async function status(svc: Service, json: boolean, out: NodeJS.WritableStream): Promise<number> {
  const d = await svc.statusDetail();
  out.write(json ? JSON.stringify(statusJson(d)) + '\n' : statusLine(d));
  return statusExit(d);
}

/** The log lines doctor prints (--json gives all it read). */
const DOCTOR_LINES = 10;

/** doctor: the state, the manager's record of the last end, the likely fix, the last log lines; exit as status. */
async function doctor(svc: Service, json: boolean, out: NodeJS.WritableStream): Promise<number> {
  const d = await svc.diagnose();
  if (json) {
    out.write(JSON.stringify({ ...statusJson(d.status), cause: d.cause ?? null, fix: d.fix ?? null, logTail: d.logTail }) + '\n');
  } else {
    out.write(statusLine(d.status));
    if (d.cause) out.write(`  last end: ${d.cause}\n`);
    if (d.fix) out.write(`  fix: ${d.fix}\n`);
    if (d.logTail.length) out.write(`  last log lines:\n${d.logTail.slice(-DOCTOR_LINES).map((l) => `    ${l}\n`).join('')}`);
  }
  return statusExit(d.status);
}

/** status --watch: a line (or a JSON line) per change until SIGINT/SIGTERM; then the last state's exit code. */
async function watchStatus(svc: Service, json: boolean, out: NodeJS.WritableStream): Promise<number> {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const gone = whenReaderGone(out);
  let last: StatusDetail | undefined;
  try {
    for await (const d of svc.watch({ signal: AbortSignal.any([ac.signal, gone.signal]) })) {
      if (gone.signal.aborted) break;
      last = d;
      out.write(json ? JSON.stringify({ ...statusJson(d), at: new Date().toISOString() }) + '\n' : `${new Date().toISOString()} ${statusLine(d)}`);
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    gone.forget();
  }
  return last === undefined ? EXIT.stopped : statusExit(last);
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const p = parseCli(argv);
    debug = Boolean(p.values.debug);
    const system = p.values.system as Platform | undefined;
    // render may target a platform of another OS (to check in generated files); the rest act here.
    const foreign = p.verb === 'render' && system !== undefined && !availableSystems().includes(system);
    if (system && !foreign) chooseSystem(system);
    switch (p.verb) {
      case 'help':
        out.write((await import('./usage.js')).USAGE + '\n');
        return EXIT.ok;
      case 'version':
        out.write(version() + '\n');
        return EXIT.ok;
      case 'platform':
        out.write(platform() + '\n');
        return EXIT.ok;
      case 'list':
        return await list(Boolean(p.values.user), Boolean(p.values.json), out);
      case 'apply':
        return await applyCommand(p, out, err);
      case 'adopt':
        return await adoptCommand(p, out);
      case 'update': {
        const svc = createService(null, await (await import('./config-from-cli.js')).updatedConfig(p));
        const settleMs = parseNumber('settle-ms', p.values['settle-ms']);
        return await uninterrupted(async (signal) => {
          const r = await svc.update({ restart: !p.values['no-restart'], signal, ...(settleMs === undefined ? {} : { settleMs }) });
          out.write(r.changed ? `updated ${svc.name}${r.restarted ? ' and restarted it' : ''}\n` : `${svc.name} unchanged\n`);
          return EXIT.ok;
        });
      }
      case 'install':
      case 'render': {
        const { configFromCli } = await import('./config-from-cli.js');
        const svc = createService(null, await configFromCli(p, foreign), foreign ? { platform: system! } : undefined);
        if (p.verb === 'render') {
          for (const f of await svc.render()) out.write(`# ${f.path} (mode ${f.mode.toString(8)})\n${f.content}`);
          return EXIT.ok;
        }
        return await uninterrupted(async (signal) => {
          const settleMs = parseNumber('settle-ms', p.values['settle-ms']);
          if (settleMs !== undefined && !p.values.start) throw new InvalidArgumentError('--settle-ms applies to --start');
          const install = () => svc.install({ start: Boolean(p.values.start), signal, ...(settleMs === undefined ? {} : { settleMs }) });
          const r = p.values.start ? await saying(err, `${svc.name} to start (its manager's start job)`, install) : await install();
          out.write(`installed ${svc.name}${p.values.start ? ' and started it' : ''} (${svc.platform()})\n`);
          for (const w of r.warnings) err.write(`servicekit: warning: ${w}\n`);
          return EXIT.ok;
        });
      }
      default: {
        const svc = createService(null, { name: p.positionals[0]!, ...(p.values.user ? { userService: true } : {}) });
        switch (p.verb) {
          case 'status':
            if (p.values.watch) return await watchStatus(svc, Boolean(p.values.json), out);
            return await status(svc, Boolean(p.values.json), out);
          case 'logs': {
            const n = parseNumber('lines', p.values.lines);
            const gone = whenReaderGone(out);
            try {
              for await (const line of svc.logs({ follow: Boolean(p.values.follow), signal: gone.signal, ...(n === undefined ? {} : { lines: n }) })) {
                if (gone.signal.aborted) break;
                out.write(line + '\n');
              }
            } finally {
              gone.forget();
            }
            return EXIT.ok;
          }
          case 'doctor':
            return await doctor(svc, Boolean(p.values.json), out);
          case 'host':
            await host(svc.name);
            return EXIT.ok;
          case 'uninstall':
            // Finished even when interrupted: a half-removed service is worse than a removed one.
            return await uninterrupted(async () => {
              const r = await svc.uninstall({ purge: Boolean(p.values.purge) });
              out.write(`uninstalled ${svc.name}\n`);
              if (r.logs.length) out.write(r.purged ? `removed its logs: ${r.logs.join(' ')}\n` : `its logs are kept: ${r.logs.join(' ')} (uninstall --purge removes them)\n`);
              return EXIT.ok;
            });
          default:
            await svc[p.verb]();
            out.write(`${p.verb === 'stop' ? 'stopped' : p.verb.endsWith('e') ? p.verb + 'd' : p.verb + 'ed'} ${svc.name}\n`);
            return EXIT.ok;
        }
      }
    }
  } catch (caught) {
    const e = caught instanceof SignalExit ? caught.error : caught;
    const code = e instanceof ServiceError ? e.code : 'ERR_UNEXPECTED';
    err.write(`servicekit: ${e instanceof Error ? e.message : String(e)} [${code}]\n`);
    if (debug && e instanceof Error) {
      err.write(`${e.stack}\n`);
      if (e.cause) err.write(`cause: ${e.cause instanceof Error ? e.cause.stack : String(e.cause)}\n`);
    }
    if (caught instanceof SignalExit) return caught.code;
    if (e instanceof ServiceError && e.code === 'ERR_NOT_INSTALLED') return EXIT.notInstalled;
    return e instanceof InvalidArgumentError ? EXIT.usage : EXIT.error;
  }
}
