/**
 * The README export writes: the author's own text, then a generated list of what the pack
 * holds, between markers. Loading keeps only the author's text, so export → load → export
 * gives the same bytes and the list never goes stale.
 */
import type { PackMeta, PackModel } from './pack-model.ts';

export const README_START = '<!-- attune-desktop:contents (generated on export; edits here are replaced) -->';
export const README_END = '<!-- attune-desktop:end -->';

/** The heading export writes when the pack has no README text of its own. */
function defaultHeader(meta: Pick<PackMeta, 'label' | 'description'>): string {
  return meta.description === '' ? `# ${meta.label}` : `# ${meta.label}\n\n${meta.description}`;
}

/**
 * A README as the model keeps it: the generated block removed, surrounding whitespace trimmed;
 * null when nothing of the author's is left (or only the heading export itself writes).
 */
export function userReadme(text: string, meta?: Pick<PackMeta, 'label' | 'description'>): string | null {
  let rest = text.replace(/\r\n/g, '\n');
  const start = rest.indexOf(README_START);
  const end = rest.indexOf(README_END);
  if (start >= 0 && end > start) rest = rest.slice(0, start) + rest.slice(end + README_END.length);
  rest = rest.trim();
  if (rest === '' || (meta !== undefined && rest === defaultHeader(meta))) return null;
  return rest;
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim() || '—';
}

function table(header: string[], rows: string[][]): string[] {
  if (rows.length === 0) return ['None.'];
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

/** The README.md export writes for `model`. */
export function renderReadme(model: PackModel): string {
  const { pack } = model;
  const lines: string[] = [
    README_START,
    '## What this pack contains',
    '',
    `Pack \`${pack.ref}\`, version ${pack.version}. Exported by Attune Desktop; installs on Attune Desktop and on an Attune server.`,
    '',
    '### Actions',
    '',
    ...table(
      ['Ref', 'Runner', 'Runs', 'Description'],
      model.actions.map((a) => [
        `\`${a.ref}\``,
        a.runner_type,
        a.script
          ? `\`${a.script.path}\``
          : a.runner_type === 'http' || a.runner_type === 'builtin'
            ? a.entry_point
            : 'inline script',
        a.description,
      ]),
    ),
    '',
    '### Triggers',
    '',
    ...table(
      ['Ref', 'Webhook', 'Description'],
      model.triggers.map((t) => [`\`${t.ref}\``, t.webhook_enabled ? 'yes' : 'no', t.description]),
    ),
    '',
    '### Rules',
    '',
    ...table(
      ['Ref', 'When', 'Runs', 'Enabled'],
      model.rules.map((r) => [
        `\`${r.ref}\``,
        `\`${r.trigger_ref}\`${Object.keys(r.trigger_params).length > 0 ? ` ${JSON.stringify(r.trigger_params)}` : ''}${r.conditions ? ` if \`${r.conditions.expression}\`` : ''}`,
        `\`${r.action_ref}\``,
        r.enabled ? 'yes' : 'no',
      ]),
    ),
    '',
    '### Sensors',
    '',
    ...table(
      ['Ref', 'Runner', 'Emits'],
      model.sensors.map((s) => [`\`${s.ref}\``, s.runner_type, s.trigger_types.join(', ')]),
    ),
    '',
    '### Policies',
    '',
    ...table(
      ['Ref', 'Action', 'Description'],
      model.policies.map((p) => [`\`${p.ref}\``, p.action_ref ?? '', p.description]),
    ),
    '',
    '### Configuration',
    '',
    'Secret values are never exported; installing the pack asks for them.',
    '',
    ...table(
      ['Key', 'Type', 'Secret', 'Description'],
      Object.entries(pack.conf_schema).map(([k, s]) => [
        `\`${k}\``,
        s.type ?? 'any',
        s.secret ? 'yes' : 'no',
        s.description ?? '',
      ]),
    ),
    README_END,
  ];
  const block = lines.join('\n');
  const head = model.readme ?? defaultHeader(pack);
  return `${head}\n\n${block}\n`;
}
