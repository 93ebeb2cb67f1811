/** The JSON Schema of apply files (schema/apply.schema.json), made from the options' declarations. Pure. */
import { declOf, GROUPS, OPTION_KEYS, type Group } from './index.js';

const GROUP_DOCS: Record<Group, string> = {
  limits: 'resource limits',
  systemd: "options named after systemd's (some honoured by other managers)",
  launchd: 'launchd only',
  windows: 'the Windows SCM only (windows.password cannot be given in a file)',
  smf: 'Solaris SMF only',
  templates: 'a custom template per platform (Mustache, variables only)',
};

type Props = Record<string, Record<string, unknown>>;

/** An option's schema with its doc; undefined for one that has none in a file (a form of another, a password). */
function propertyOf(key: string): Record<string, unknown> | undefined {
  const d = declOf(key)!;
  return d.schema === undefined ? undefined : { ...d.schema, description: d.doc };
}

function groupSchema(group: Group): Record<string, unknown> {
  const properties: Props = {};
  for (const k of OPTION_KEYS) {
    if (!k.startsWith(`${group}.`)) continue;
    const p = propertyOf(k);
    if (p !== undefined) properties[k.slice(group.length + 1)] = p;
  }
  return { type: 'object', additionalProperties: false, properties, description: GROUP_DOCS[group] };
}

export function applySchema(): Record<string, unknown> {
  const properties: Props = {};
  for (const k of OPTION_KEYS) {
    if (k.includes('.')) continue;
    const p = propertyOf(k);
    if (p !== undefined) properties[k] = p;
  }
  for (const g of GROUPS) properties[g] = groupSchema(g);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/servicekit/servicekit/schema/apply.schema.json',
    title: 'servicekit apply manifest',
    description: 'The services `servicekit apply FILE` makes installed: each a servicekit Config (docs/configuration.md). Generated from src/options/.',
    type: 'object',
    additionalProperties: false,
    required: ['services'],
    properties: { $schema: { type: 'string' }, services: { type: 'array', items: { $ref: '#/$defs/service' } } },
    $defs: { service: { type: 'object', additionalProperties: false, required: ['name', 'executable'], properties } },
  };
}
