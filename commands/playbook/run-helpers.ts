// Shared by the /playbook run subcommands: the run service, the reply to an action (what happened,
// then whatever the run asks to show next, since the console has no room to post it in), and the
// run id argument.
import { NotFoundError, UserInputError } from '../../src/core/errors.js';
import type { PlaybookRunService, RunResult } from '../../src/core/playbooks/playbook-run-service.js';
import { reply, type Reply } from '../../src/core/reply.js';
import { effectReplies } from '../../src/core/views/playbook-run-views.js';
import type { ArgType } from '../../src/router/command-spec.js';
import type { CommandContext } from '../../src/router/context.js';
import { InvalidValue } from '../../src/router/arg-types.js';

export function runs(ctx: CommandContext): PlaybookRunService {
  const service = ctx.core.playbookRuns;
  if (!service) {
    throw new NotFoundError({ ja: 'プレイブックが読み込まれていません。', en: 'No playbooks are loaded.' });
  }
  return service;
}

export const runId: ArgType<string> = {
  placeholder: 'RUN-n',
  parse(raw) {
    const match = /^(?:RUN-)?(\d+)$/iu.exec(raw.trim());
    if (match) return `RUN-${Number(match[1])}`;
    throw new InvalidValue({
      ja: `「${raw}」は実行IDではありません。RUN-1 のように指定してください`,
      en: `"${raw}" is not a run id; write it like RUN-1`,
    });
  },
};

/**
 * "✅ what happened", then the effects (next step card, notifications, …), then those of the runs
 * the action moved too (a sub-playbook's run it started, a parent run that moved on).
 */
export function actionReplies(
  ctx: CommandContext,
  done: { ja: string; en: string },
  result: RunResult,
): Reply[] {
  const text = `✅ ${ctx.t(done)}`;
  const service = runs(ctx);
  const effectsOf = (r: RunResult): Reply[] => [
    ...effectReplies(ctx.view, r.run, r.playbook, service.holdersOf(r.run), r.effects),
    ...(r.followUps ?? []).flatMap(effectsOf),
  ];
  return [reply(text, [{ type: 'text', text }], { tone: 'success' }), ...effectsOf(result)];
}

export function requireText(value: string | undefined, what: { ja: string; en: string }): string {
  if (value === undefined || value.trim() === '') {
    throw new UserInputError({ ja: `${what.ja}を指定してください`, en: `Give the ${what.en}` });
  }
  return value;
}
