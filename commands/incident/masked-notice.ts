// Tells the person when secret-looking values were masked before their text was recorded.
import type { RecordResult } from '../../src/core/incidents/incident-service.js';
import type { Reply } from '../../src/core/reply.js';
import type { CommandContext } from '../../src/router/context.js';

export function maskedNotice(ctx: CommandContext, result: RecordResult): string | undefined {
  if (!result.masked) return undefined;
  return ctx.t({
    ja: `🔐 秘密情報らしき値を ${result.masked} 件、伏せ字にして記録しました。`,
    en: `🔐 ${result.masked} secret-looking value(s) were masked before recording.`,
  });
}

export function withNotice(ctx: CommandContext, card: Reply, result: RecordResult): Reply {
  const notice = maskedNotice(ctx, result);
  if (!notice) return card;
  return { ...card, blocks: [...card.blocks, { type: 'context', text: notice }] };
}
