// Renders the neutral reply model as terminal text: aligned fields and tables that account for
// the double width of Japanese characters, optional ANSI colour, and buttons shown as the
// command they would run.
import stringWidth from 'string-width';
import type { Block, Reply, Tone } from '../core/reply.js';

export interface TextRenderOptions {
  readonly color: boolean;
  /** Maximum line width for tables; longer cells are cut with "…". */
  readonly width?: number;
}

const ANSI = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  reset: '\u001b[0m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  green: '\u001b[32m',
  cyan: '\u001b[36m',
} as const;

const TONE_COLOR: Record<Tone, string> = {
  info: ANSI.cyan,
  success: ANSI.green,
  warning: ANSI.yellow,
  danger: ANSI.red,
};

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

function truncate(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

function renderBlock(block: Block, reply: Reply, options: TextRenderOptions): string[] {
  const style = (code: string, text: string): string =>
    options.color ? `${code}${text}${ANSI.reset}` : text;
  switch (block.type) {
    case 'header':
      return [style(ANSI.bold + TONE_COLOR[reply.tone], block.text)];
    case 'text':
      return block.text.split('\n');
    case 'fields': {
      const labelWidth = Math.max(...block.fields.map((f) => stringWidth(f.label)));
      return block.fields.map((f) => `  ${style(ANSI.dim, pad(f.label, labelWidth))}  ${f.value}`);
    }
    case 'list': {
      const lines = block.title ? [style(ANSI.bold, block.title)] : [];
      for (const item of block.items) {
        const [first = '', ...more] = item.split('\n');
        lines.push(`  • ${first}`, ...more.map((line) => `    ${line}`));
      }
      return lines;
    }
    case 'table': {
      const maxCell = Math.max(12, Math.floor((options.width ?? 120) / Math.max(1, block.columns.length)));
      const rows = [block.columns, ...block.rows].map((row) => row.map((cell) => truncate(cell, maxCell)));
      const widths = block.columns.map((_, i) => Math.max(...rows.map((row) => stringWidth(row[i] ?? ''))));
      const line = (row: readonly string[]): string =>
        `  ${row
          .map((cell, i) => pad(cell, widths[i]!))
          .join('  ')
          .trimEnd()}`;
      return [style(ANSI.bold, line(rows[0]!)), ...rows.slice(1).map(line)];
    }
    case 'context':
      return block.text.split('\n').map((line) => style(ANSI.dim, line));
    case 'divider':
      return [style(ANSI.dim, '─'.repeat(40))];
    case 'actions':
      return block.actions.map((action) =>
        style(ANSI.dim, `  ▸ ${action.label}: ${action.command}${action.needsInput ? ' …' : ''}`),
      );
  }
}

export function renderText(reply: Reply, options: TextRenderOptions): string {
  return reply.blocks.flatMap((block) => renderBlock(block, reply, options)).join('\n');
}
