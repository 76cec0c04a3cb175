// Where an alert's card goes (tsunagi.yaml `alerts`): the first route whose rule ids/globs, minimum
// severity and responsible parties (of the service the account belongs to) match decides; otherwise the default `alerts.channel`; otherwise nowhere (the
// alert is still recorded and listed by `/alerts recent`).
import type { AlertSettings, ChannelTargets, Platform } from '../parties/model.js';
import { RULE_SEVERITIES, type RuleSeverity } from '../../sources/rules/rule.js';
import type { AlertTarget } from './alert-events.js';

const PLATFORMS: readonly Platform[] = ['slack', 'teams', 'console'];

export function severityRank(severity: RuleSeverity): number {
  return RULE_SEVERITIES.indexOf(severity);
}

/** `cis-aws-*` style globs: `*` any run of characters, `?` one; case-insensitive. */
export function ruleGlobMatches(glob: string, rule: string): boolean {
  const pattern = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/gu, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`, 'iu').test(rule);
}

function targetsOf(channels: ChannelTargets): AlertTarget[] {
  const targets: AlertTarget[] = [];
  for (const platform of PLATFORMS) {
    const channel = channels[platform];
    if (channel) targets.push({ platform, channel });
  }
  return targets;
}

export function routeAlert(
  settings: AlertSettings | undefined,
  rule: string,
  severity: RuleSeverity,
  /** The party responsible for the accounts layer of the alert's service, when it maps to one. */
  responsible?: string,
): AlertTarget[] {
  if (!settings) return [];
  for (const route of settings.routes) {
    if (route.rules && !route.rules.some((glob) => ruleGlobMatches(glob, rule))) continue;
    if (route.severityAtLeast && severityRank(severity) < severityRank(route.severityAtLeast)) continue;
    if (route.responsible && (responsible === undefined || !route.responsible.includes(responsible)))
      continue;
    return targetsOf(route.channels);
  }
  return settings.channel ? targetsOf(settings.channel) : [];
}
