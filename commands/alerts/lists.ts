// /alerts rules, /alerts recent, /alerts show and /alerts sources: what is watched and what fired.
import {
  alertDetails,
  auditSourcesList,
  noAuditSourcesReply,
  recentAlerts,
  rulesList,
} from '../../src/core/views/alert-lists.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, option } from '../../src/router/command-spec.js';
import { alertIdArg, alertsOf } from './arguments.js';

export const rules = defineSubcommand({
  name: 'rules',
  aliases: ['ルール'],
  summary: { ja: '検知ルールと状態を表示する', en: 'List the detection rules and their state' },
  permission: 'member',
  positionals: {},
  options: {},
  examples: ['/alerts rules'],
  run(ctx) {
    const { alerts } = alertsOf(ctx);
    return rulesList(ctx.view, alerts.rules, alerts.mutes());
  },
});

export const recent = defineSubcommand({
  name: 'recent',
  aliases: ['最近'],
  summary: { ja: '最近のアラートを表示する', en: 'List the latest alerts' },
  permission: 'member',
  positionals: {},
  options: {
    limit: option(types.count, { help: { ja: '件数（既定 20）', en: 'How many (default 20)' } }),
  },
  examples: ['/alerts recent', '/alerts recent --limit 50'],
  run(ctx, args) {
    return recentAlerts(ctx.view, alertsOf(ctx).alerts.recent(args.limit ?? 20));
  },
});

export const show = defineSubcommand({
  name: 'show',
  aliases: ['詳細'],
  summary: { ja: 'アラートの内容を表示する', en: 'Show an alert' },
  permission: 'member',
  positionals: { alert: alertIdArg },
  options: {},
  examples: ['/alerts show ALT-3'],
  run(ctx, args) {
    const { alerts } = alertsOf(ctx);
    const alert = alerts.get(args.alert);
    return alertDetails(ctx.view, alert, alerts.ruleOf(alert.rule));
  },
});

export const sources = defineSubcommand({
  name: 'sources',
  aliases: ['取得元'],
  summary: { ja: '監査ログの取得元と状態を表示する', en: 'Show the audit-log sources and how polling goes' },
  permission: 'member',
  positionals: {},
  options: {},
  examples: ['/alerts sources'],
  run(ctx) {
    const port = ctx.core.auditSources;
    return port ? auditSourcesList(ctx.view, port.list()) : noAuditSourcesReply(ctx.view);
  },
});
