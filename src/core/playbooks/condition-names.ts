// The names a playbook's `when` conditions may read (FORMAT.md, "Conditions"), checked by the
// validator exactly as the engine provides them (engine/template.ts conditionScope): the playbook's
// inputs, `severity`, `incident.<field>`, and `decision.<step>` — the option chosen at one of its
// decision steps. Step outputs are not readable: no step declares them and no command records them,
// so a condition naming one could never hold.
import type { Bilingual } from '../i18n/locale.js';
import { suggest } from '../text/suggest.js';
import { namesIn, parseCondition, type ConditionAst } from './condition.js';
import { INCIDENT_FIELDS, type DecisionStep, type Playbook } from './playbook-types.js';

const DECISION = 'decision.';

/** Every name the playbook's conditions may read. */
export function conditionNamesOf(playbook: Playbook): Set<string> {
  return new Set([
    ...Object.keys(playbook.inputs ?? {}),
    'severity',
    ...INCIDENT_FIELDS.map((f) => `incident.${f}`),
    ...playbook.steps.flatMap((s) => (s.kind === 'decision' ? [`${DECISION}${s.id}`] : [])),
  ]);
}

/**
 * What is wrong with one condition: names it may not read, and decision values that are not options
 * of their step. Throws ConditionSyntaxError when it does not parse.
 */
export function conditionProblems(playbook: Playbook, condition: string): Bilingual[] {
  const ast = parseCondition(condition);
  const known = conditionNamesOf(playbook);
  const problems: Bilingual[] = [];
  for (const { name } of namesIn(ast)) {
    if (!known.has(name)) problems.push(unknownName(playbook, name, known));
  }
  for (const [name, value] of comparedDecisions(ast)) {
    const step = playbook.steps.find(
      (s): s is DecisionStep => s.kind === 'decision' && `${DECISION}${s.id}` === name,
    );
    if (!step || step.options.some((o) => o.value === value)) continue;
    const values = step.options.map((o) => o.value);
    const hint = suggest(value, values);
    problems.push({
      ja: `${name} が「${value}」になることはありません。手順「${step.id}」の選択肢: ${values.join(', ')}${hint ? `（「${hint}」ですか？）` : ''}`,
      en: `${name} is never "${value}": the options of step "${step.id}" are ${values.join(', ')}.${hint ? ` Did you mean "${hint}"?` : ''}`,
    });
  }
  return problems;
}

function unknownName(playbook: Playbook, name: string, known: ReadonlySet<string>): Bilingual {
  if (name.startsWith(DECISION)) {
    const id = name.slice(DECISION.length);
    const step = playbook.steps.find((s) => s.id === id);
    if (step) {
      return {
        ja: `条件式の「${name}」: 手順「${id}」は判断（decision）ではなく ${step.kind} です。条件式で読めるのは判断の手順で選ばれた値だけです`,
        en: `the condition names "${name}", but step "${id}" is not a decision step (its kind is ${step.kind}); conditions can read the option chosen at decision steps only`,
      };
    }
  }
  const hint = suggest(name, known);
  return {
    ja: `条件式の名前「${name}」は入力（inputs）・severity・incident.*・decision.<判断の手順ID> のどれでもありません。${hint ? `「${hint}」ですか？` : ''}`,
    en: `the condition names "${name}", which is not an input, severity, an incident.* field or decision.<decision step id>.${hint ? ` Did you mean "${hint}"?` : ''}`,
  };
}

/** `decision.<step>` names compared with a string (`==`, `!=`, `in [...]`), with each string. */
function comparedDecisions(ast: ConditionAst): [name: string, value: string][] {
  const found: [string, string][] = [];
  const decisionName = (node: ConditionAst): string | undefined =>
    node.type === 'name' && node.name.startsWith(DECISION) ? node.name : undefined;
  const visit = (node: ConditionAst): void => {
    switch (node.type) {
      case 'not':
        return visit(node.operand);
      case 'and':
      case 'or':
        visit(node.left);
        return visit(node.right);
      case 'compare': {
        if (node.operator !== '==' && node.operator !== '!=') return;
        for (const [a, b] of [
          [node.left, node.right],
          [node.right, node.left],
        ] as const) {
          const name = decisionName(a);
          if (name && b.type === 'literal' && typeof b.value === 'string') found.push([name, b.value]);
        }
        return;
      }
      case 'in': {
        const name = decisionName(node.value);
        if (name) for (const v of node.list) if (typeof v === 'string') found.push([name, v]);
        return;
      }
      default:
        return;
    }
  };
  visit(ast);
  return found;
}
