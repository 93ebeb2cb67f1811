/** The Solaris / illumos SMF group (Config.smf): its declarations. Pure. */
import { checkText } from '../checks.js';
import { InvalidConfigError } from '../errors.js';
import { as, type OptionDecl } from './declare.js';

export interface SmfOptions {
  /** The FMRI's category: the service is svc:/PREFIX/NAME:default. Default "application" (as the Go library). */
  prefix?: string;
}

export type ResolvedSmfOptions = Required<SmfOptions>;

/** One or more FMRI path segments: letters, digits, "_", "-", "." (no leading "." or "-"), joined by "/". */
const PREFIX_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
const MAX_PREFIX = 200;

function checkPrefix(field: string, v: unknown): string {
  const s = checkText(field, v, { singleLine: true });
  if (!PREFIX_RE.test(s) || s.length > MAX_PREFIX) throw new InvalidConfigError(field, `${JSON.stringify(s)} is not an FMRI category (e.g. "application" or "site/web")`);
  return s;
}

export const SMF = {
  'smf.prefix': {
    doc: 'The FMRI\'s category: svc:/PREFIX/NAME; default "application".',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$' },
    cli: { flag: 'smf-prefix', arg: 'PREFIX', help: 'Solaris SMF: the FMRI\'s category, svc:/PREFIX/NAME (default application)', to: as.text },
    check: checkPrefix,
    default: 'application',
    sample: 'site',
    refusal: 'an option of Solaris SMF',
  },
} as const satisfies Record<string, OptionDecl>;
