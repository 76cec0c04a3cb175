// Arguments shared by the /alerts subcommands, and the alert services (present whenever the bot's
// storage is open).
import type { AlertActions } from '../../src/core/alerts/alert-actions.js';
import type { AlertService } from '../../src/core/alerts/alert-service.js';
import { NotFoundError } from '../../src/core/errors.js';
import * as types from '../../src/router/arg-types.js';
import { positional } from '../../src/router/command-spec.js';
import type { CommandContext } from '../../src/router/context.js';

export function alertsOf(ctx: CommandContext): { alerts: AlertService; actions: AlertActions } {
  const { alerts, alertActions } = ctx.core;
  if (!alerts || !alertActions) {
    throw new NotFoundError({
      ja: 'このボットではアラートの機能が有効になっていません（保存先が開かれていません）。',
      en: 'Alerts are not available in this bot (its storage is not open).',
    });
  }
  return { alerts, actions: alertActions };
}

export const alertIdArg = positional(types.text, {
  required: true,
  help: {
    ja: 'アラートのID（例: ALT-3。カード・/alerts recent に表示）',
    en: 'Alert id (e.g. ALT-3, shown on the card and in /alerts recent)',
  },
});
