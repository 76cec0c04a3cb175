// Reads playbook files and checks them: YAML syntax, playbook.schema.json, then the graph rules of
// playbooks/FORMAT.md (references, reachability, roles, templates, conditions, inject only in
// exercises, unique ids, sub-playbooks). Every problem of every file is reported at once, each with
// file, line, column and field, so an author can fix them all in one pass.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type ConfigProblem } from '../errors.js';
import type { Bilingual } from '../i18n/locale.js';
import { suggest } from '../text/suggest.js';
import { parseYamlSource, problemAt } from '../yaml/yaml-source.js';
import { ConditionSyntaxError } from './condition.js';
import { conditionProblems } from './condition-names.js';
import { PlaybookCatalog } from './playbook-catalog.js';
import { checkPlaybookSchema, type PathProblem } from './playbook-schema.js';
import { END, successorsOf, type LoadedPlaybook, type Playbook } from './playbook-types.js';

export interface PlaybookFileResult {
  readonly file: string;
  /** Present when the file is a valid playbook on its own (cross-file rules aside). */
  readonly playbook?: Playbook;
  readonly problems: ConfigProblem[];
}

export interface PlaybookLoadResult {
  /** The files read, in order. */
  readonly files: readonly string[];
  /** The playbooks with no problem at all. */
  readonly playbooks: LoadedPlaybook[];
  readonly problems: ConfigProblem[];
}

type Locate = (problem: PathProblem) => ConfigProblem;

interface ParsedFile extends PlaybookFileResult {
  readonly locate: Locate;
  /** metadata.id as written, even when the file has problems. */
  readonly declaredId?: string;
}

const publicPart = ({ file, playbook, problems }: ParsedFile): PlaybookFileResult => ({
  file,
  problems,
  ...(playbook ? { playbook } : {}),
});

/** Reads one playbook file and checks it on its own (the cross-file rules aside). */
export function loadPlaybookFile(file: string): PlaybookFileResult {
  return publicPart(readPlaybookFile(file));
}

/** Checks the text of one playbook as if read from `file` (the cross-file rules aside). */
export function parsePlaybook(text: string, file: string): PlaybookFileResult {
  return publicPart(parseFile(text, file));
}

function readPlaybookFile(file: string): ParsedFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as Error).message;
    return {
      file,
      problems: [
        {
          file,
          message: {
            ja: `プレイブック ${file} を読み込めません: ${reason}`,
            en: `Cannot read the playbook ${file}: ${reason}`,
          },
        },
      ],
      locate: (p) => ({ file, message: p.message }),
    };
  }
  return parseFile(text, file);
}

function parseFile(text: string, file: string): ParsedFile {
  const source = parseYamlSource(text, file);
  const { doc } = source;
  const locate: Locate = (p) => problemAt(source, p.path, p.message, p.atKey ?? false);
  if (source.syntaxProblems.length > 0) return { file, locate, problems: source.syntaxProblems };
  const data: unknown = doc.toJS();
  const declared = (data as { metadata?: { id?: unknown } } | null)?.metadata?.id;
  const declaredId = typeof declared === 'string' ? { declaredId: declared } : {};
  const schemaProblems = checkPlaybookSchema(data);
  if (schemaProblems.length > 0) {
    return { file, locate, ...declaredId, problems: sortProblems(schemaProblems.map(locate)) };
  }
  const playbook = data as Playbook;
  const graphProblems = checkGraph(playbook);
  return {
    file,
    locate,
    ...declaredId,
    problems: sortProblems(graphProblems.map(locate)),
    ...(graphProblems.length === 0 ? { playbook } : {}),
  };
}

/**
 * Reads every `.yaml`/`.yml` file in the given directories (not recursively) and the given files,
 * checks each, then checks the rules across files: unique playbook ids and sub-playbooks naming
 * a loaded playbook.
 */
export function loadPlaybooks(dirsOrFiles: readonly string[]): PlaybookLoadResult {
  const files: string[] = [];
  const problems: ConfigProblem[] = [];
  for (const entry of dirsOrFiles) {
    if (!existsSync(entry)) {
      problems.push({
        file: entry,
        message: {
          ja: `${entry} が見つかりません。プレイブックのファイルかフォルダを指定してください。`,
          en: `${entry} does not exist. Name a playbook file or a folder of playbooks.`,
        },
      });
      continue;
    }
    if (statSync(entry).isDirectory()) {
      for (const name of readdirSync(entry).sort()) {
        if (/\.ya?ml$/i.test(name)) files.push(path.join(entry, name));
      }
    } else {
      files.push(entry);
    }
  }

  const parsed = [...new Set(files)].map(readPlaybookFile);
  const byId = new Map<string, ParsedFile>();
  for (const result of parsed) {
    problems.push(...result.problems);
    const id = result.declaredId;
    if (id === undefined) continue;
    const first = byId.get(id);
    if (first) {
      result.problems.push(
        result.locate({
          path: ['metadata', 'id'],
          message: {
            ja: `プレイブック ID「${id}」は ${first.file} でも使われています。ID はプレイブックごとに一意にしてください。`,
            en: `the playbook id "${id}" is also used by ${first.file}; every playbook needs its own id`,
          },
        }),
      );
      problems.push(result.problems.at(-1)!);
    } else {
      byId.set(id, result);
    }
  }
  // Ids of every file that declares one, valid or not, so one bad playbook does not cascade.
  const known = new Set(byId.keys());
  for (const result of parsed) {
    const steps = result.playbook?.steps ?? [];
    steps.forEach((step, i) => {
      if (step.kind !== 'subplaybook' || known.has(step.playbook)) return;
      const hint = suggest(step.playbook, known);
      result.problems.push(
        result.locate({
          path: ['steps', i, 'playbook'],
          message: {
            ja: `プレイブック「${step.playbook}」はありません。${hint ? `「${hint}」ですか？ ` : ''}読み込まれたプレイブック: ${[...known].join(', ') || '（なし）'}`,
            en: `there is no playbook "${step.playbook}".${hint ? ` Did you mean "${hint}"?` : ''} Loaded playbooks: ${[...known].join(', ') || '(none)'}`,
          },
        }),
      );
      problems.push(result.problems.at(-1)!);
    });
  }
  return {
    files: parsed.map((p) => p.file),
    playbooks: parsed
      .filter((p) => p.playbook && p.problems.length === 0)
      .map((p) => ({ file: p.file, playbook: p.playbook! })),
    problems: sortProblems(problems),
  };
}

/** The ConfigError that stops start-up when any playbook has a problem. */
export function playbookError(problems: readonly ConfigProblem[]): ConfigError {
  const files = new Set(problems.map((p) => p.file)).size;
  return new ConfigError(
    {
      ja: `プレイブック ${files} ファイルに ${problems.length} 件の問題があります。tsunagi playbook validate で確認できます。`,
      en: `${problems.length} problem(s) in ${files} playbook file(s). Check them with: tsunagi playbook validate`,
    },
    problems,
  );
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

// --- graph rules -------------------------------------------------------------------------------

function checkGraph(playbook: Playbook): PathProblem[] {
  const problems: PathProblem[] = [];
  const add = (at: (string | number)[], message: Bilingual, atKey = false): void => {
    problems.push({ path: at, message, ...(atKey ? { atKey } : {}) });
  };

  const stepIds = new Map<string, number>();
  playbook.steps.forEach((step, i) => {
    const first = stepIds.get(step.id);
    if (first !== undefined) {
      add(['steps', i, 'id'], {
        ja: `手順 ID「${step.id}」が重複しています（steps[${first}] と同じ）`,
        en: `the step id "${step.id}" is used twice (also steps[${first}])`,
      });
    } else {
      stepIds.set(step.id, i);
    }
  });

  const checkStepRef = (target: string, at: (string | number)[], allowEnd = true): void => {
    if (stepIds.has(target) || (allowEnd && target === END)) return;
    const hint = suggest(target, stepIds.keys());
    add(at, {
      ja: `手順「${target}」はありません。${hint ? `「${hint}」ですか？ ` : ''}既存の手順 ID か end を指定してください`,
      en: `there is no step "${target}".${hint ? ` Did you mean "${hint}"?` : ''} Name an existing step id, or end`,
    });
  };
  checkStepRef(playbook.start, ['start'], false);

  const roleIds = Object.keys(playbook.roles);
  const checkRole = (role: string, at: (string | number)[]): void => {
    if (Object.hasOwn(playbook.roles, role)) return;
    const hint = suggest(role, roleIds);
    add(at, {
      ja: `ロール「${role}」は roles に定義されていません。${hint ? `「${hint}」ですか？ ` : ''}定義済み: ${roleIds.join(', ')}`,
      en: `the role "${role}" is not defined under roles.${hint ? ` Did you mean "${hint}"?` : ''} Defined: ${roleIds.join(', ')}`,
    });
  };

  const templateIds = Object.keys(playbook.templates ?? {});
  const checkTemplate = (template: string, at: (string | number)[]): void => {
    if (playbook.templates && Object.hasOwn(playbook.templates, template)) return;
    const hint = suggest(template, templateIds);
    add(at, {
      ja: `テンプレート「${template}」は templates に定義されていません。${hint ? `「${hint}」ですか？` : ''}`,
      en: `the template "${template}" is not defined under templates.${hint ? ` Did you mean "${hint}"?` : ''}`,
    });
  };

  const checkCondition = (condition: string | undefined, at: (string | number)[]): void => {
    if (condition === undefined) return;
    try {
      for (const problem of conditionProblems(playbook, condition)) add(at, problem);
    } catch (error) {
      if (!(error instanceof ConditionSyntaxError)) throw error;
      add(at, error.userMessage);
    }
  };

  playbook.steps.forEach((step, i) => {
    const at = (...rest: (string | number)[]): (string | number)[] => ['steps', i, ...rest];
    if (step.assignee !== undefined) checkRole(step.assignee, at('assignee'));
    checkCondition(step.when, at('when'));
    switch (step.kind) {
      case 'checklist':
        step.items.forEach((item, j) => checkCondition(item.when, at('items', j, 'when')));
        step.verify?.by.forEach((role, j) => checkRole(role, at('verify', 'by', j)));
        checkStepRef(step.next, at('next'));
        break;
      case 'collect_evidence':
        step.verify?.by.forEach((role, j) => checkRole(role, at('verify', 'by', j)));
        checkStepRef(step.next, at('next'));
        break;
      case 'decision':
        step.options.forEach((option, j) => checkStepRef(option.next, at('options', j, 'next')));
        break;
      case 'notify':
        step.audiences.forEach((audience, j) => {
          if (audience.role !== undefined) checkRole(audience.role, at('audiences', j, 'role'));
          checkTemplate(audience.template, at('audiences', j, 'template'));
          checkCondition(audience.when, at('audiences', j, 'when'));
        });
        checkStepRef(step.next, at('next'));
        break;
      case 'approval':
        checkRole(step.approvers.role, at('approvers', 'role'));
        if (step.on_timeout) {
          checkRole(step.on_timeout.escalate_to, at('on_timeout', 'escalate_to'));
          checkCondition(step.on_timeout.when, at('on_timeout', 'when'));
        }
        checkStepRef(step.on_approve, at('on_approve'));
        checkStepRef(step.on_reject, at('on_reject'));
        break;
      case 'parallel':
        step.branches.forEach((branch, j) => checkStepRef(branch, at('branches', j), false));
        checkStepRef(step.join, at('join'));
        break;
      case 'inject':
        checkRole(step.to, at('to'));
        if (playbook.metadata.lifecycle !== 'exercise') {
          add(at('kind'), {
            ja: `inject は演習（lifecycle: exercise）のプレイブックでだけ使えます（このプレイブックは ${playbook.metadata.lifecycle}）`,
            en: `inject steps are only allowed in exercise playbooks (lifecycle: exercise); this one is ${playbook.metadata.lifecycle}`,
          });
        }
        checkStepRef(step.next, at('next'));
        break;
      default:
        checkStepRef(step.next, at('next'));
    }
  });

  // Reachability from start, over every way a step leads on.
  const byId = new Map(playbook.steps.map((step) => [step.id, step]));
  const reached = new Set<string>();
  const queue = [playbook.start];
  while (queue.length > 0) {
    const id = queue.pop()!;
    const step = byId.get(id);
    if (!step || reached.has(id)) continue;
    reached.add(id);
    queue.push(...successorsOf(step));
  }
  playbook.steps.forEach((step, i) => {
    if (reached.has(step.id) || stepIds.get(step.id) !== i) return;
    add(['steps', i, 'id'], {
      ja: `手順「${step.id}」は start から到達できません。どこかの next などから参照するか、削除してください`,
      en: `the step "${step.id}" cannot be reached from start; lead to it from another step, or remove it`,
    });
  });
  return problems;
}

/**
 * Loads the playbooks for start-up: `dirs` in order (a missing `optionalDirs` entry is skipped).
 * Any problem in any file stops start-up with a ConfigError listing them all.
 */
export function loadPlaybookCatalog(
  dirs: readonly string[],
  optionalDirs: readonly string[] = [],
): PlaybookCatalog {
  const result = loadPlaybooks([...optionalDirs.filter((dir) => existsSync(dir)), ...dirs]);
  if (result.problems.length > 0) throw playbookError(result.problems);
  return new PlaybookCatalog(result.playbooks);
}
