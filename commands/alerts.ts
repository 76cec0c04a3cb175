// /alerts: audit-log alerts. The rules and the sources (rules, sources), the alerts themselves
// (recent, show) and the decisions a card's buttons run (ack, incident, false-positive, mute).
import { defineCommand } from '../src/router/command-spec.js';
import { ack, falsePositive, incident, mute } from './alerts/decide.js';
import { recent, rules, show, sources } from './alerts/lists.js';

export const alertsCommand = defineCommand({
  name: 'alerts',
  aliases: ['alert', 'アラート'],
  summary: { ja: '監査ログのアラート', en: 'Audit-log alerts' },
  subcommands: [recent, show, ack, incident, falsePositive, mute, rules, sources],
});
