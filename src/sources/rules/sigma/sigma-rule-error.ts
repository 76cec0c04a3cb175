// Why one Sigma rule cannot be used: invalid structure, or a feature outside the subset Tsunagi
// evaluates. Thrown while compiling one rule and turned by the loader into a RuleProblem (with the
// file, line and column of `path`), so that rule is skipped whole and the others still load.
import { UserInputError } from '../../../core/errors.js';
import type { Bilingual } from '../../../core/i18n/locale.js';
import type { YamlPath } from '../../../core/yaml/yaml-source.js';

export class SigmaRuleError extends UserInputError {
  constructor(
    message: Bilingual,
    /** Where in the rule's YAML the problem is (e.g. ['detection', 'selection', 'eventName|base64']). */
    readonly path: YamlPath = [],
    /** Point at the key rather than its value (a modifier or field name is in the key). */
    readonly atKey = false,
  ) {
    super(message);
  }
}

/** A rule using something the subset does not evaluate; the message says what. */
export function unsupported(what: Bilingual, path: YamlPath, atKey = false): SigmaRuleError {
  return new SigmaRuleError(
    { ja: `未対応のため読み込みません: ${what.ja}`, en: `Skipped, not supported: ${what.en}` },
    path,
    atKey,
  );
}

/** A rule that is not valid Sigma; the message says what to fix. */
export function invalid(what: Bilingual, path: YamlPath, atKey = false): SigmaRuleError {
  return new SigmaRuleError(
    {
      ja: `Sigma ルールとして正しくないため読み込みません: ${what.ja}`,
      en: `Skipped, invalid Sigma rule: ${what.en}`,
    },
    path,
    atKey,
  );
}
