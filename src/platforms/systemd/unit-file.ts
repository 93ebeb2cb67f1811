/** A unit file as data (pure): its lines as (section, key, value), and the text made from them. */
import { markLine } from '../ownership.js';

export type Section = 'Unit' | 'Service' | 'Install';

/**
 * One line of a unit file, as go-systemd's unit package holds them: (section, key, value). `as`
 * names the custom template's variable the line belongs to: its value (Type, ExecStart…), or, for
 * `lines`, the whole `Key=value` line among others (Dependencies, Environment).
 */
export interface UnitOption {
  section: Section;
  key: string;
  value: string;
  as?: { name: string; lines?: boolean };
}

const SECTIONS: readonly Section[] = ['Unit', 'Service', 'Install'];

export const VERSION_TAG = 'servicekit';

/** The file: servicekit's comment and mark, then each section that has lines, in order. */
export function unitText(name: string, userService: boolean, options: readonly UnitOption[]): string {
  const sections = SECTIONS.filter((s) => options.some((x) => x.section === s));
  return [
    `# Written by ${VERSION_TAG}; reinstall rather than edit (servicekit uninstall ${name}${userService ? ' --user' : ''}).`,
    markLine(name),
    ...sections.flatMap((section, i) => [...(i ? [''] : []), `[${section}]`, ...options.filter((x) => x.section === section).map((x) => `${x.key}=${x.value}`)]),
    '',
  ].join('\n');
}
