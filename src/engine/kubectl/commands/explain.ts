/**
 * `kubectl explain RESOURCE[.FIELD…] [--recursive]`: the type and description of a resource or
 * field, in kubectl v1.31's plaintext template (OpenAPI v3 explain).
 * k8s: staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl
 */
import { explainData, loadExplainData } from '../explainData';
import type { ExplainData, ExplainField } from '../explainData';
import { bool, type FlagSpec } from '../flags';
import type { Command, CommandContext } from './context';
import { lookupResource } from './resources';
import { withCustomResource } from '../explainCustom';

const FLAGS: FlagSpec[] = [
  { name: 'recursive', type: 'bool' },
  { name: 'api-version', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
];

/**
 * sprig `wrap` (goutils WrapCustom): greedy word wrap, breaking at the last space within the first
 * `width` + 1 characters, so a line holds at most `width`; long words unbroken, newlines kept.
 */
export function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let cur = '';
      for (const word of line.split(' ')) {
        if (cur === '') cur = word;
        else if (cur.length + 1 + word.length <= width) cur += ' ' + word;
        else {
          out.push(cur);
          cur = word;
        }
      }
      out.push(cur);
      return out.join('\n');
    })
    .join('\n');
}

/** An enum value as the template prints it: `""` for the empty string. */
function enumValue(v: unknown): string {
  return v === '' ? '""' : typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * The template's extractEnum: in a field list, `enum: A, B, C, D, ....` (at most four) on a line
 * of its own under the field; for the field explained, `ENUM:` and each value on a line.
 */
function enumLine(values: unknown[] | undefined, pad: number): string {
  if (!values?.length) return '';
  const shown = values.slice(0, 4).map(enumValue).join(', ');
  return `\n${' '.repeat(pad)}enum: ${shown}${values.length > 4 ? ', ....' : ''}`;
}

/** sprig `indent`: pad every line (also the empty one after a trailing newline). */
function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return pad + text.replace(/\n/g, '\n' + pad);
}

function fieldList(
  data: ExplainData,
  type: string,
  level: number,
  recursive: boolean,
  seen: Set<string>,
): string {
  const t = data.types[type];
  if (!t?.f || seen.has(type)) return '';
  const history = new Set(seen).add(type);
  let out = '';
  for (const name of Object.keys(t.f).sort()) {
    const f: ExplainField = t.f[name];
    const pad = level * 2;
    out += `${indent(name, pad)}\t<${f.t}>${f.q ? ' -required-' : ''}${enumLine(f.e, pad)}\n`;
    if (!recursive) {
      out += indent(wrap(f.d ?? '<no description>', 78 - pad), pad + 2) + '\n\n';
    } else if (f.r) {
      out += fieldList(data, f.r, level + 1, true, history);
    }
  }
  return out;
}

export const explainCommand: Command = {
  name: 'explain',
  flags: FLAGS,
  run(ctx) {
    const data = explainData();
    if (data) return explain(ctx, data);
    loadExplainData().then(
      (d) => explain(ctx, d),
      () => ctx.fail('error: could not load the API descriptions'),
    );
  },
};

/** The explanation of `ctx.args[0]` from the loaded data. */
function explain(ctx: CommandContext, loaded: ExplainData): void {
  let data = loaded;
  const [path] = ctx.args;
  if (!path) {
    return ctx.fail(
      `You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl explain -h' for help and examples`,
    );
  }
  if (ctx.args.length > 1) return ctx.fail(`error: We accept only this format: explain RESOURCE`);
  const [resource, ...fields] = path.split('.');
  const info = lookupResource(resource, ctx.discovery());
  // crd: a custom resource's types come from its CRD's schema.
  let root = info?.kind;
  if (info?.crd) ({ data, root } = withCustomResource(loaded, info));
  if (!info || !root || !data.types[root]) {
    return ctx.fail(`error: the server doesn't have a resource type "${resource}"`);
  }
  const recursive = bool(ctx.flags, 'recursive');
  let out = info.group ? `GROUP:      ${info.group}\n` : '';
  out += `KIND:       ${info.kind}\nVERSION:    ${info.version}\n\n`;
  let type: string | undefined = root;
  let description = data.types[root].d ?? '';
  for (let i = 0; i < fields.length; i++) {
    const f: ExplainField | undefined = type ? data.types[type]?.f?.[fields[i]] : undefined;
    if (!f) return ctx.fail(`error: field "${fields[i]}" does not exist`);
    if (i === fields.length - 1) {
      const values = (f.e ?? []).map((v) => `\n    ${enumValue(v)}`).join('');
      out += `FIELD: ${fields[i]} <${f.t}>\n${values.length ? `ENUM:${values}` : ''}\n\n`;
    }
    // The field's own words, then its type's (OpenAPI v3 wraps the $ref in allOf).
    const typeDesc = f.r ? data.types[f.r]?.d : undefined;
    description = [f.d, typeDesc].filter(Boolean).join('\n');
    type = f.r;
  }
  // The template's description ends in a newline; `<empty>`, standing in for none, does not.
  out +=
    'DESCRIPTION:\n' + indent(wrap(description ? description + '\n' : '<empty>', 76), 4) + '\n';
  const list = type ? fieldList(data, type, 1, recursive, new Set()) : '';
  if (list) out += 'FIELDS:\n' + list;
  ctx.stdout(out + '\n');
  ctx.finish(0);
}
