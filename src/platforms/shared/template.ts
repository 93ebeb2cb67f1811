/**
 * Custom templates (the Go library's SystemdScript, SysvScript, OpenRCScript, UpstartScript,
 * LaunchdConfig). A template is a Mustache string — logic-less: variables only — or a function;
 * either gets the service's values already encoded for the format (a quoted ExecStart line, shell
 * words, escaped XML), so a template cannot bring quoting bugs back. A variable the format does not
 * have is an error, not an empty string. Mustache (the library) is loaded on first use.
 */
import type { ResolvedConfig, Template, TemplateVars } from '../../config.js';
import { InvalidConfigError } from '../../errors.js';
import { requirePackage } from '../../sys/sea.js';

interface Mustache {
  parse(template: string): unknown[][];
  render(template: string, view: object, partials: object, config: { escape: (s: string) => string }): string;
}
let mustache: Mustache | undefined;

/** Token types of Mustache.parse: text, a variable ({{x}}, {{{x}}}, {{&x}}), or a comment. */
const VARIABLE = new Set(['name', '&', '{']);
const ALLOWED = new Set(['text', '!', ...VARIABLE]);

function checkTokens(field: string, tokens: unknown[][], vars: TemplateVars): void {
  for (const [type, value] of tokens as [string, string][]) {
    if (!ALLOWED.has(type)) throw new InvalidConfigError(field, `templates take variables only ({{name}}), not sections or partials ("${type}${value}")`);
    if (VARIABLE.has(type) && !Object.hasOwn(vars, value)) {
      throw new InvalidConfigError(field, `{{${value}}} is not a variable of this format (it has: ${Object.keys(vars).join(', ')})`);
    }
  }
}

/**
 * The file a template makes. `header` lines (servicekit's mark; in init scripts the definition the
 * quoted values rely on) are put in, after a "#!" or "<?xml" line, when the template left them out;
 * `required` text must be there (Upstart: the definition belongs in the script block).
 */
export function applyTemplate(
  field: string,
  template: Template,
  vars: TemplateVars,
  cfg: ResolvedConfig,
  header: readonly string[],
  required: readonly { text: string; hint: string }[] = [],
): string {
  let text: string;
  if (typeof template === 'function') {
    text = String(template(vars, cfg));
  } else {
    mustache ??= requirePackage<Mustache>('mustache', `${field} (a template string)`);
    let tokens: unknown[][];
    try {
      tokens = mustache.parse(template);
    } catch (e) {
      throw new InvalidConfigError(field, `is not a valid template: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    checkTokens(field, tokens, vars);
    text = mustache.render(template, vars, {}, { escape: (s) => s });
  }
  for (const r of required) if (!text.includes(r.text)) throw new InvalidConfigError(field, r.hint);
  const missing = header.filter((line) => !text.includes(line));
  if (missing.length === 0) return text;
  const nl = text.startsWith('#!') || text.startsWith('<?xml') ? text.indexOf('\n') + 1 : 0;
  return `${text.slice(0, nl)}${missing.join('\n')}\n${text.slice(nl)}`;
}
