/** Service names: checked at createService(), before the config is loaded. Pure. */
import { InvalidConfigError, NameRequiredError } from './errors.js';

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const MAX_NAME_LENGTH = 100;

/** Validate a service name on its own (used by control commands that only have a name). */
export function validateName(name: unknown): string {
  if (name === undefined || name === null || name === '') throw new NameRequiredError();
  if (typeof name !== 'string') throw new InvalidConfigError('name', 'must be a string');
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidConfigError('name', `is longer than ${MAX_NAME_LENGTH} characters`);
  }
  if (!NAME_RE.test(name)) {
    throw new InvalidConfigError(
      'name',
      `${JSON.stringify(name)} may only hold letters, digits, "_", "." and "-", and must start with a letter or digit`,
    );
  }
  if (name.includes('..')) throw new InvalidConfigError('name', 'must not contain ".."');
  if (name.endsWith('.')) throw new InvalidConfigError('name', 'must not end with "."');
  if (/\.(service|target|socket|timer|mount|path|slice|scope|conf|plist|sh)$/i.test(name)) {
    throw new InvalidConfigError('name', `give the bare name, without a file or unit suffix (${name})`);
  }
  return name;
}
