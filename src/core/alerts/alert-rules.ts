// The rules the running bot alerts on: the built-in ones, the shipped Sigma rules (rules/sigma) and,
// when tsunagi.yaml `alerts.sigma_dir` names one, a folder of the organisation's own Sigma rules
// (relative to tsunagi.yaml). Loaded once at start; skipped Sigma rules are kept as problems for
// `/alerts rules` to show.
import path from 'node:path';
import { buildRuleSet, loadRuleSet, type RuleSet } from '../../sources/rules/rule-set.js';
import { loadSigmaRules } from '../../sources/rules/sigma/load-sigma.js';
import type { WorkspaceRuleOptions } from '../../sources/rules/builtin/workspace.js';

export function loadAlertRules(
  shippedSigmaDir: string,
  configFile: string,
  sigmaDir?: string,
  workspace?: WorkspaceRuleOptions,
): RuleSet {
  const base = loadRuleSet({ builtin: true, sigmaDir: shippedSigmaDir, ...(workspace ? { workspace } : {}) });
  if (sigmaDir === undefined) return base;
  const own = loadSigmaRules(path.resolve(path.dirname(configFile), sigmaDir));
  return buildRuleSet([...base.rules, ...own.rules], [...base.problems, ...own.problems]);
}
