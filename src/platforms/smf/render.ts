/**
 * Solaris / illumos SMF: the service manifest (service_bundle, DTD service_bundle.dtd.1). Pure.
 *
 * The program runs as the start method of a "child" service (startd/duration = child): svc.startd
 * runs it in the foreground, restarts it when it exits and stops it with `:kill` (SIGTERM to its
 * contract). svc.startd runs a method as `/sbin/sh -c "exec METHOD"` after expanding `%` tokens, so
 * the exec line is the argument vector as single-quoted shell words with every `%` doubled.
 */
import path from 'node:path';
import { DEFAULTS, type ResolvedConfig } from '../../config.js';
import { InvalidConfigError } from '../../errors.js';
import { xmlMark } from '../ownership.js';
import type { RenderedFile } from '../platform.js';
import { stopGraceSec } from '../shared/initscript.js';
import { CREDENTIALS_VAR } from '../shared/credential-copies.js';

/** Where site manifests live (manifest-import reads them at boot; `svccfg import` imports it at install). */
export const MANIFEST_DIR = '/var/svc/manifest/site';
export const DTD = '/usr/share/lib/xml/dtd/service_bundle.dtd.1';
/** Where svc.startd writes each instance's method output. */
export const SMF_LOG_DIR = '/var/svc/log';
/**
 * The longest value the SMF repository stores (REP_PROTOCOL_VALUE_LEN 4096 with its NUL, illumos-gate
 * usr/src/common/svc/repcache_protocol.h): the exec line and each NAME=value of the environment;
 * names (REP_PROTOCOL_NAME_LEN) are shorter still: MAX_NAME_BYTES.
 */
export const MAX_VALUE_BYTES = 4095;
/** The longest name the repository stores (REP_PROTOCOL_NAME_LEN 120 with its NUL): the service's "PREFIX/NAME". */
export const MAX_NAME_BYTES = 119;
/** How long svc.startd waits for the start method of a child service: it only execs the program. */
const START_TIMEOUT_SEC = 60;

export function manifestPath(name: string): string {
  return path.posix.join(MANIFEST_DIR, `${name}.xml`);
}

/** svc:/PREFIX/NAME, the service; its one instance is svc:/PREFIX/NAME:default. */
export function serviceFmri(cfg: Pick<ResolvedConfig, 'name' | 'smf'>): string {
  return `svc:/${cfg.smf.prefix}/${cfg.name}`;
}

export function instanceFmri(cfg: Pick<ResolvedConfig, 'name' | 'smf'>): string {
  return `${serviceFmri(cfg)}:default`;
}

/** svc.startd's log of the instance: the FMRI without "svc:/", "/" replaced by "-". */
export function logPath(cfg: Pick<ResolvedConfig, 'name' | 'smf'>): string {
  return path.posix.join(SMF_LOG_DIR, `${instanceFmri(cfg).slice('svc:/'.length).replace(/\//g, '-')}.log`);
}

/**
 * An XML attribute value (in double quotes). Tabs, newlines and carriage returns are written as
 * character references (a parser would otherwise turn them into spaces); the other C0 controls,
 * U+FFFE/U+FFFF and lone surrogates cannot be in an XML document at all: refused.
 */
export function xmlAttr(s: string, field: string): string {
  return checkXmlChars(s, field).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function checkXmlChars(s: string, field: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s)) {
    throw new InvalidConfigError(field, 'holds a character an XML manifest cannot represent');
  }
  return s;
}

/** One word for svc.startd's `sh -c "exec …"`: single-quoted, `%` doubled (its token character). */
export function methodWord(s: string, field: string): string {
  checkXmlChars(s, field);
  return `'${s.replace(/'/g, `'\\''`)}'`.replace(/%/g, '%%');
}

function checkValueLength(value: string, field: string): string {
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_VALUE_BYTES) throw new InvalidConfigError(field, `is ${bytes} bytes as SMF stores it; the repository holds at most ${MAX_VALUE_BYTES}`);
  return value;
}

/** The start method's exec line: the program and its arguments, exactly. */
export function execLine(cfg: ResolvedConfig): string {
  const words = [methodWord(cfg.executable, 'executable'), ...cfg.arguments.map((a, i) => methodWord(a, `arguments[${i}]`))];
  return checkValueLength(words.join(' '), 'arguments');
}

function dependencies(cfg: ResolvedConfig): string[] {
  const dep = (name: string, fmri: string, restartOn: string) => [
    `    <dependency name="${name}" grouping="require_all" restart_on="${restartOn}" type="service">`,
    `      <service_fmri value="${xmlAttr(fmri, 'dependencies')}"/>`,
    '    </dependency>',
  ];
  return [
    ...dep('network', 'svc:/milestone/network:default', 'error'),
    ...dep('filesystem', 'svc:/system/filesystem/local', 'error'),
    // A plain name is another service of the same category (portable names, as on every manager).
    ...cfg.dependencies.flatMap((d, i) => dep(`servicekit-dep-${i}`, `svc:/${cfg.smf.prefix}/${d}`, 'none')),
  ];
}

/** A config with, where the manager keeps credential copies, their directory. */
type WithCopies = ResolvedConfig & { credentialsDirectory?: string };

function methodContext(cfg: WithCopies): string[] {
  const env = Object.entries(cfg.credentialsDirectory === undefined ? cfg.env : { ...cfg.env, [CREDENTIALS_VAR]: cfg.credentialsDirectory });
  for (const [k, v] of env) {
    if (k.startsWith('SMF_')) throw new InvalidConfigError(`env.${k}`, 'SMF_ variables are set by svc.startd itself');
    checkValueLength(`${k}=${v}`, `env.${k}`);
  }
  return [
    `    <method_context working_directory="${xmlAttr(cfg.workingDirectory, 'workingDirectory')}">`,
    ...(cfg.userName === undefined && cfg.groupName === undefined ? [] : [credential(cfg)]),
    ...(env.length === 0
      ? []
      : ['      <method_environment>', ...env.map(([k, v]) => `        <envvar name="${k}" value="${xmlAttr(v, `env.${k}`)}"/>`), '      </method_environment>']),
    '    </method_context>',
  ];
}

/** The account (root when only a group is given: the element needs a user) and its group. */
function credential(cfg: ResolvedConfig): string {
  const user = cfg.userName === undefined ? 'root' : xmlAttr(cfg.userName, 'userName');
  const group = cfg.groupName === undefined ? ':default' : xmlAttr(cfg.groupName, 'groupName');
  return `      <method_credential user="${user}" group="${group}"/>`;
}

function methods(cfg: ResolvedConfig): string[] {
  const m = (name: string, exec: string, timeout: number) => `    <exec_method type="method" name="${name}" exec="${xmlAttr(exec, name)}" timeout_seconds="${timeout}"/>`;
  return [
    m('start', execLine(cfg), START_TIMEOUT_SEC),
    m('stop', cfg.killSignal === DEFAULTS.killSignal ? ':kill' : `:kill -${cfg.killSignal.slice('SIG'.length)}`, stopGraceSec(cfg)),
    ...(cfg.reloadSignal === undefined ? [] : [m('refresh', `:kill -${cfg.reloadSignal.slice('SIG'.length)}`, START_TIMEOUT_SEC)]),
  ];
}

/** The manifest as written: the mark as a comment after the prologue (svccfg reads elements only). */
export function renderManifest(cfg: WithCopies): string {
  const service = `${cfg.smf.prefix}/${cfg.name}`;
  if (Buffer.byteLength(service) > MAX_NAME_BYTES) {
    throw new InvalidConfigError('smf.prefix', `the service name ${JSON.stringify(service)} is over the ${MAX_NAME_BYTES} bytes SMF stores: a shorter prefix or name`);
  }
  const loc = (s: string, field: string) => `<loctext xml:lang="C">${xmlAttr(s, field)}</loctext>`;
  return [
    '<?xml version="1.0"?>',
    `<!DOCTYPE service_bundle SYSTEM "${DTD}">`,
    xmlMark(cfg.name),
    `<service_bundle type="manifest" name="${cfg.name}">`,
    `  <service name="${cfg.smf.prefix}/${cfg.name}" type="service" version="1">`,
    '    <create_default_instance enabled="false"/>',
    '    <single_instance/>',
    ...dependencies(cfg),
    ...methodContext(cfg),
    ...methods(cfg),
    '    <property_group name="startd" type="framework">',
    '      <propval name="duration" type="astring" value="child"/>',
    '    </property_group>',
    // Whether it should run at boot: SMF's own switch (general/enabled) also starts it, so servicekit
    // keeps the wish here and enables for now only (svcadm enable -t) where it is false.
    '    <property_group name="servicekit" type="application">',
    `      <propval name="enabled" type="boolean" value="${cfg.enabled}"/>`,
    '    </property_group>',
    '    <stability value="Unstable"/>',
    '    <template>',
    `      <common_name>${loc(cfg.displayName, 'displayName')}</common_name>`,
    ...(cfg.description === '' ? [] : [`      <description>${loc(cfg.description, 'description')}</description>`]),
    '    </template>',
    '  </service>',
    '</service_bundle>',
    '',
  ].join('\n');
}


export function renderSmfFiles(cfg: WithCopies): RenderedFile[] {
  return [{ path: manifestPath(cfg.name), content: renderManifest(cfg), mode: 0o644 }];
}
