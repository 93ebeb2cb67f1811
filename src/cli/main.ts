/** The servicekit command. Output and exit codes only: every action goes through the public API. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chooseSystem,
  createService,
  platform,
  InvalidArgumentError,
  ServiceError,
  type Config,
  type Platform,
  type RestartPolicy,
  type Service,
} from '../index.js';
import { parseCli, parseEnv, parseNumber, USAGE, type ParsedCli } from './args.js';
import { resolveCommand } from './command.js';

const EXIT = { ok: 0, error: 1, usage: 2, stopped: 3, notInstalled: 4 } as const;

/** The package version, from the nearest package.json named servicekit above this file. */
function version(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'servicekit' && pkg.version) return pkg.version;
    } catch {
      /* keep looking */
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

function configFromCli(p: ParsedCli): Config {
  const v = p.values;
  const [cmd, ...args] = p.positionals;
  const { executable, arguments: argv } = resolveCommand(cmd!, args);
  const cfg: Config = { name: v.name!, executable, arguments: argv };
  if (v['display-name'] !== undefined) cfg.displayName = v['display-name'];
  if (v.description !== undefined) cfg.description = v.description;
  if (v.user) cfg.userService = true;
  if (v.env) cfg.env = parseEnv(v.env, process.env);
  cfg.workingDirectory = v.workdir === undefined ? process.cwd() : path.resolve(v.workdir);
  if (v['run-as'] !== undefined) cfg.userName = v['run-as'];
  if (v.restart !== undefined) cfg.restart = v.restart as RestartPolicy; // validated by resolveConfig
  const rs = parseNumber('restart-sec', v['restart-sec']);
  if (rs !== undefined) cfg.restartSec = rs;
  if (v.type !== undefined) cfg.systemd = { type: v.type as 'notify' | 'exec' | 'simple' };
  if (v.dependency) cfg.dependencies = v.dependency;
  if (v['log-output']) cfg.logOutput = true;
  if (v['log-dir'] !== undefined) cfg.logDirectory = path.resolve(v['log-dir']);
  const windows: NonNullable<Config['windows']> = {};
  if (v['start-type'] !== undefined) windows.startType = v['start-type'] as 'automatic'; // validated by resolveConfig
  if (v['delayed-start']) windows.delayedAutoStart = true;
  if (v['password-env'] !== undefined) {
    const pw = process.env[v['password-env']];
    if (pw === undefined) throw new InvalidArgumentError(`--password-env ${v['password-env']}: not set in this environment`);
    windows.password = pw;
  }
  if (Object.keys(windows).length) cfg.windows = windows;
  return cfg;
}

async function status(svc: Service, json: boolean, out: NodeJS.WritableStream): Promise<number> {
  const d = await svc.statusDetail();
  if (json) {
    out.write(JSON.stringify({ name: d.name, platform: d.platform, state: d.state, pid: d.pid ?? null, enabled: d.enabled ?? null }) + '\n');
  } else {
    const extra = [d.pid ? `pid ${d.pid}` : '', d.enabled === undefined ? '' : d.enabled ? 'enabled' : 'disabled'].filter(Boolean).join(', ');
    out.write(`${d.name}: ${d.state === 'not-installed' ? 'not installed' : d.state}${extra ? ` (${extra})` : ''}\n`);
  }
  switch (d.state) {
    case 'running':
      return EXIT.ok;
    case 'stopped':
    case 'failed':
      return EXIT.stopped;
    default:
      return EXIT.notInstalled;
  }
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const p = parseCli(argv);
    debug = Boolean(p.values.debug);
    if (p.values.system) chooseSystem(p.values.system as Platform);
    switch (p.verb) {
      case 'help':
        out.write(USAGE + '\n');
        return EXIT.ok;
      case 'version':
        out.write(version() + '\n');
        return EXIT.ok;
      case 'platform':
        out.write(platform() + '\n');
        return EXIT.ok;
      case 'install':
      case 'render': {
        const svc = createService(null, configFromCli(p));
        if (p.verb === 'render') {
          for (const f of await svc.render()) out.write(`# ${f.path} (mode ${f.mode.toString(8)})\n${f.content}`);
          return EXIT.ok;
        }
        await svc.install({ start: Boolean(p.values.start) });
        out.write(`installed ${svc.name}${p.values.start ? ' and started it' : ''} (${svc.platform()})\n`);
        return EXIT.ok;
      }
      default: {
        const svc = createService(null, { name: p.positionals[0]!, ...(p.values.user ? { userService: true } : {}) });
        switch (p.verb) {
          case 'status':
            return await status(svc, Boolean(p.values.json), out);
          case 'logs': {
            const n = parseNumber('lines', p.values.lines);
            for await (const line of svc.logs({ follow: Boolean(p.values.follow), ...(n === undefined ? {} : { lines: n }) })) out.write(line + '\n');
            return EXIT.ok;
          }
          default:
            await svc[p.verb]();
            out.write(`${p.verb === 'stop' ? 'stopped' : p.verb === 'uninstall' ? 'uninstalled' : p.verb + 'ed'} ${svc.name}\n`);
            return EXIT.ok;
        }
      }
    }
  } catch (e) {
    const code = e instanceof ServiceError ? e.code : 'ERR_UNEXPECTED';
    err.write(`servicekit: ${e instanceof Error ? e.message : String(e)} [${code}]\n`);
    if (debug && e instanceof Error) {
      err.write(`${e.stack}\n`);
      if (e.cause) err.write(`cause: ${e.cause instanceof Error ? e.cause.stack : String(e.cause)}\n`);
    }
    if (e instanceof ServiceError && e.code === 'ERR_NOT_INSTALLED') return EXIT.notInstalled;
    return e instanceof InvalidArgumentError ? EXIT.usage : EXIT.error;
  }
}
