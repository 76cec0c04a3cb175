// Reads tsunagi.yaml. Every problem found is reported with file, line, column and field so an
// administrator can fix the file without guessing; start-up stops on the first bad file.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { parseYamlSource, problemAt } from '../yaml/yaml-source.js';
import { configSchema } from './config-schema.js';
import { describeSchemaIssue } from './describe-schema-issue.js';
import { checkReferences } from './check-references.js';
import { buildOrganisation } from './build-organisation.js';
import type { OrganisationConfig } from './model.js';

export interface ConfigLocation {
  /** The file to read. */
  readonly file: string;
  /** True when no tsunagi.yaml exists and the shipped example stands in for it. */
  readonly isExample: boolean;
}

/**
 * Decides which file to read: TSUNAGI_CONFIG when set (it must exist), else ./tsunagi.yaml,
 * else the shipped example so a new user can try everything at once.
 */
export function locateConfig(explicit: string | undefined, cwd: string, exampleFile: string): ConfigLocation {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) {
      throw new ConfigError({
        ja: `TSUNAGI_CONFIG で指定された設定ファイル ${file} が見つかりません。パスを確認するか、tsunagi.example.yaml をコピーして作成してください。`,
        en: `The configuration file ${file} named by TSUNAGI_CONFIG does not exist. Check the path, or copy tsunagi.example.yaml to create it.`,
      });
    }
    return { file, isExample: false };
  }
  const local = path.resolve(cwd, 'tsunagi.yaml');
  if (existsSync(local)) return { file: local, isExample: false };
  return { file: exampleFile, isExample: true };
}

export function loadConfig(location: ConfigLocation): OrganisationConfig {
  let text: string;
  try {
    text = readFileSync(location.file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      {
        ja: `設定ファイル ${location.file} を読み込めません: ${(error as Error).message}`,
        en: `Cannot read the configuration file ${location.file}: ${(error as Error).message}`,
      },
      [],
      { cause: error },
    );
  }
  return parseConfig(text, location);
}

export function parseConfig(text: string, location: ConfigLocation): OrganisationConfig {
  const file = location.file;
  const source = parseYamlSource(text, file);
  const { doc } = source;
  if (source.syntaxProblems.length > 0) throw configError(file, source.syntaxProblems);

  const parsed = configSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) {
    throw configError(
      file,
      parsed.error.issues.map((issue) => {
        const issuePath = [...issue.path] as (string | number)[];
        // An unknown key is best shown at the key itself, a wrong value at the value.
        const unknownKey = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined;
        if (unknownKey) issuePath.push(issue.keys[0]!);
        return problemAt(source, issuePath, describeSchemaIssue(issue), unknownKey);
      }),
    );
  }

  const referenceProblems = checkReferences(parsed.data);
  if (referenceProblems.length > 0) {
    throw configError(
      file,
      referenceProblems.map((p) => problemAt(source, p.path, p.message)),
    );
  }
  return buildOrganisation(parsed.data, { file, isExample: location.isExample });
}

function configError(file: string, problems: ConfigProblem[]): ConfigError {
  const sorted = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return new ConfigError(
    {
      ja: `設定ファイル ${file} に ${sorted.length} 件の問題があります。`,
      en: `The configuration file ${file} has ${sorted.length} problem(s).`,
    },
    sorted,
  );
}
