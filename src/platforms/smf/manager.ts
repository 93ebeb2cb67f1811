/**
 * Solaris / illumos SMF control: `svccfg validate|import|delete`, `svcadm enable|disable|restart|clear`,
 * `svcs` for the state. Decisions come from exit codes and `svcs` columns, never from messages.
 *
 * SMF has one switch for "runs now" and "runs at boot": enabling starts. So install imports the
 * manifest with its instance disabled; start enables it (persistently: it then runs at boot too);
 * stop disables it for now only (`svcadm disable -t`: it comes back at boot); uninstall disables
 * it for good and deletes the service.
 */
import { resolveConfig, type ResolvedConfig } from '../../config.js';
import { AlreadyInstalledError, StartFailedError } from '../../errors.js';
import { streamLines } from '../../sys/exec.js';
import type { Step } from '../../sys/rollback.js';
import { xmlMarks } from '../ownership.js';
import { FileManager, type StartOptions } from '../install.js';
import { logTail, type LogOptions, type PreparedConfig, type RenderedFile, type StatusDetail } from '../platform.js';
import { parseSvcs, stateOf } from './parse.js';
import { instanceFmri, logPath, manifestPath, MANIFEST_DIR, renderSmfFiles, serviceFmri } from './render.js';
import { support } from './honours.js';
import { NO_LOG_FILES } from '../shared/log-output.js';

export const SVCCFG = '/usr/sbin/svccfg';
export const SVCADM = '/usr/sbin/svcadm';
export const SVCS = '/usr/bin/svcs';
export const SVCPROP = '/usr/bin/svcprop';
export const PGREP = '/usr/bin/pgrep';
/** Where the manifest keeps whether the service should run at boot (see render.ts). */
const BOOT_PROPERTY = 'servicekit/enabled';

export class SmfManager extends FileManager {
  readonly platform = 'solaris-smf' as const;
  readonly support = support;
  /** No start hook runs as root before the program: the credentials are copied at install and update. */
  protected override readonly keepsCredentialCopies = true;
  protected readonly suffix = '.xml';
  readonly scopes = ['system'] as const;
  /** The output goes to svc.startd's own log (/var/svc/log), not to files of servicekit's: nothing to rotate. */
  protected readonly logOutput = NO_LOG_FILES;

  protected renderFiles(cfg: PreparedConfig): RenderedFile[] {
    return renderSmfFiles(cfg);
  }

  protected filePaths(cfg: ResolvedConfig): string[] {
    return [manifestPath(cfg.name)];
  }

  /** The manifest carries the mark as an XML comment, the stored configuration as a line. */
  protected override readonly marks = xmlMarks(this.suffix);

  protected override fileDirectories(): string[] {
    return [MANIFEST_DIR];
  }

  /** The service must be new to the repository, whatever manifest (or profile) made it. */
  protected override async assertUnknown(cfg: ResolvedConfig): Promise<void> {
    const r = await this.host.exec(SVCPROP, ['-q', serviceFmri(cfg)], { allowFail: true });
    if (r.code === 0) throw new AlreadyInstalledError(cfg.name, `${serviceFmri(cfg)} is already in the SMF repository`);
  }

  /** Import the manifest (validated first); the instance stays disabled until started. */
  protected async enable(cfg: ResolvedConfig, step: Step): Promise<boolean> {
    const [file] = this.filePaths(cfg);
    await this.host.exec(SVCCFG, ['validate', file!]);
    await step('import', async () => {
      await this.host.exec(SVCCFG, ['import', file!]);
      return () => this.delete(cfg);
    });
    return false;
  }

  private async delete(cfg: ResolvedConfig): Promise<void> {
    if ((await this.host.exec(SVCPROP, ['-q', serviceFmri(cfg)], { allowFail: true })).code !== 0) return;
    await this.host.exec(SVCCFG, ['delete', '-f', serviceFmri(cfg)]);
  }

  /** Disable for good (waiting until it is down), then take the service out of the repository. */
  protected async deactivate(cfg: ResolvedConfig): Promise<void> {
    await this.host.exec(SVCADM, ['disable', '-s', instanceFmri(cfg)], { allowFail: true });
    await this.delete(cfg);
  }

  /** A changed manifest: imported again (svccfg updates the service), then the instance refreshed. */
  protected override async reloadDefinitions(cfg: ResolvedConfig): Promise<void> {
    const [file] = this.filePaths(cfg);
    await this.host.exec(SVCCFG, ['validate', file!]);
    await this.host.exec(SVCCFG, ['import', file!]);
    await this.host.exec(SVCADM, ['refresh', instanceFmri(cfg)]);
  }

  /** SMF's one switch: enabling starts it (and at boot), disabling stops it (and at boot). */
  protected async setBoot(cfg: ResolvedConfig, on: boolean): Promise<void> {
    await this.host.exec(SVCCFG, ['-s', serviceFmri(cfg), 'setprop', BOOT_PROPERTY, '=', 'boolean:', String(on)]);
    await this.host.exec(SVCADM, [on ? 'enable' : 'disable', '-s', instanceFmri(cfg)]);
  }

  /** Stop until the next boot (a temporary disable): the service stays enabled at boot. */
  protected async stopService(cfg: ResolvedConfig): Promise<void> {
    await this.host.exec(SVCADM, ['disable', '-s', '-t', instanceFmri(cfg)]);
  }

  /**
   * Clear a maintenance state, then enable (persistently) and wait for online, or restart a running
   * instance. Its contract id changes when svc.startd starts the program again: the restart count.
   */
  protected async startAndVerify(cfg: ResolvedConfig, verb: 'start' | 'restart', start?: StartOptions): Promise<void> {
    const fmri = instanceFmri(cfg);
    const before = await this.svcs(cfg);
    if (stateOf(before) === 'failed') await this.host.exec(SVCADM, ['clear', fmri]);
    if (verb === 'restart' && stateOf(before) === 'running') await this.host.exec(SVCADM, ['restart', fmri]);
    // -s waits for online, and returns early (non-zero) when it cannot get there: the settle check says
    // why. A service installed with enabled: false (or disabled since) is enabled for now only (-t).
    else await this.host.exec(SVCADM, ['enable', '-s', ...((await this.enabledAtBoot(cfg)) ? [] : ['-t']), fmri], { allowFail: true });
    const failure = await this.settle(async () => {
      const l = await this.svcs(cfg);
      return { state: stateOf(l), ...(l?.ctid === undefined ? {} : { restarts: l.ctid }) };
    }, start?.settleMs, undefined, start?.outside);
    if (failure !== undefined) throw new StartFailedError(cfg.name, failure, await logTail(this.logs(cfg, { lines: 10 }), 10));
  }

  /** The wish kept in the manifest's servicekit/enabled (the current properties, -c: no refresh needed). */
  private async enabledAtBoot(cfg: ResolvedConfig): Promise<boolean> {
    const r = await this.host.exec(SVCPROP, ['-c', '-p', BOOT_PROPERTY, instanceFmri(cfg)], { allowFail: true });
    return r.code === 0 ? r.stdout.trim() === 'true' : cfg.enabled;
  }

  private async svcs(cfg: ResolvedConfig) {
    const r = await this.host.exec(SVCS, ['-H', '-o', 'state,nstate,ctid', instanceFmri(cfg)], { allowFail: true });
    return r.code === 0 ? parseSvcs(r.stdout) : undefined;
  }

  async status(cfg: ResolvedConfig): Promise<StatusDetail> {
    const base = { name: cfg.name, platform: this.platform };
    if (!(await this.host.exists(manifestPath(cfg.name)))) return { ...base, state: 'not-installed', raw: {} };
    const l = await this.svcs(cfg);
    if (l === undefined) return { ...base, state: 'unknown', raw: { fmri: instanceFmri(cfg) } };
    const raw = { fmri: instanceFmri(cfg), state: l.state, nstate: l.nstate, ...(l.ctid === undefined ? {} : { ctid: String(l.ctid) }) };
    const enabled = await this.host.exec(SVCPROP, ['-p', 'general/enabled', instanceFmri(cfg)], { allowFail: true });
    const pid = l.ctid === undefined ? undefined : await this.pidOf(l.ctid);
    return {
      ...base,
      state: stateOf(l),
      ...(enabled.code === 0 ? { enabled: enabled.stdout.trim() === 'true' } : {}),
      ...(pid === undefined ? {} : { pid }),
      raw,
    };
  }

  /** The oldest process of the contract: the program svc.startd started. */
  private async pidOf(ctid: number): Promise<number | undefined> {
    const r = await this.host.exec(PGREP, ['-o', '-c', String(ctid)], { allowFail: true });
    const pid = Number(r.stdout.trim());
    return r.code === 0 && Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  async *logs(cfg: ResolvedConfig, opts: LogOptions): AsyncIterable<string> {
    yield* streamLines('tail', ['-n', String(opts.lines ?? 50), ...(opts.follow ? ['-f'] : []), logPath(cfg)], { signal: opts.signal });
  }

  /** servicekit's manifests, each with the category it was installed under (read from the manifest). */
  override async list(userService: boolean): Promise<StatusDetail[]> {
    if (userService) return [];
    const cfgs: ResolvedConfig[] = [];
    for (const name of await this.ownNames(false)) {
      const text = await this.host.readFile(manifestPath(name));
      const prefix = /<service name="([^"]+)\/[^"/]+" type="service"/.exec(text)?.[1];
      cfgs.push(resolveConfig({ name, ...(prefix === undefined ? {} : { smf: { prefix } }) }, { execPath: '/', cwd: '/', home: '/' }));
    }
    return this.statuses(cfgs);
  }

  /** svccfg refuses a manifest that breaks the DTD before anything is imported. */
  protected override async reload(): Promise<void> {}

  protected override async afterRemove(): Promise<void> {}
}

