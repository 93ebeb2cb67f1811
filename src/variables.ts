/** Environment maps (pure, tiny: loaded at import by the Windows record's prepareProcess). */

/**
 * Set an environment variable on a map as an own property whatever its name: a variable called
 * `__proto__` is a variable, not the object's prototype (plain assignment would set the prototype).
 */
export function setVariable(env: Record<string, string>, name: string, value: string): void {
  Object.defineProperty(env, name, { value, enumerable: true, writable: true, configurable: true });
}
