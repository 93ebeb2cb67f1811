/** The Solaris / illumos SMF options (Config.smf), their checks and defaults. Pure. */
import { checkText, optional, resolveTable } from '../../checks.js';
import { InvalidConfigError } from '../../errors.js';

export interface SmfOptions {
  /** The FMRI's category: the service is svc:/PREFIX/NAME:default. Default "application" (as the Go library). */
  prefix?: string;
}

export type ResolvedSmfOptions = Required<SmfOptions>;

/** One or more FMRI path segments: letters, digits, "_", "-", "." (no leading "." or "-"), joined by "/". */
const PREFIX_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

function checkPrefix(field: string, v: unknown): string {
  const s = checkText(field, v, { singleLine: true });
  if (!PREFIX_RE.test(s) || s.length > 200) throw new InvalidConfigError(field, `${JSON.stringify(s)} is not an FMRI category (e.g. "application" or "site/web")`);
  return s;
}

export function resolveSmfOptions(v: unknown): ResolvedSmfOptions {
  return resolveTable<ResolvedSmfOptions>('smf', v, { prefix: optional(checkPrefix, 'application') });
}
