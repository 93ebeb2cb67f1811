/** The templates group (Config.templates): a custom template per templated platform. Pure. */
import { InvalidConfigError } from '../errors.js';
import type { OptionDecl } from './declare.js';

/** A template string (Mustache, variables only) or a function; checked, not typed here (config.ts types it). */
export function checkTemplate(field: string, t: unknown): unknown {
  if (typeof t === 'function') return t;
  if (typeof t === 'string' && !t.includes('\0')) return t;
  throw new InvalidConfigError(field, 'must be a template string or a function');
}

function templateFor(platform: string, what: string): OptionDecl {
  return {
    doc: `A template for ${what}.`,
    schema: { type: 'string' },
    cli: { none: '--template FILE gives the template of the platform in use' },
    check: checkTemplate,
    sample: 'custom\n',
    refusal: `a template for ${platform}, not this platform`,
  };
}

export const TEMPLATES = {
  'templates.systemd': templateFor('systemd', 'the systemd unit'),
  'templates.sysv': templateFor('sysv', 'the SysV init script'),
  'templates.openrc': templateFor('openrc', 'the OpenRC script'),
  'templates.upstart': templateFor('upstart', 'the Upstart job'),
  'templates.launchd': templateFor('launchd', 'the launchd plist'),
} as const satisfies Record<string, OptionDecl>;
