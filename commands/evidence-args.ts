// Shared by /incident evidence and /playbook evidence: the evidence service, and what they take as
// the evidence — typed text or a link, or with --file a local file. Only the console may read local
// files: its user is the operator at the machine. A chat user on Slack or Teams must never make the
// bot read files on its server.
import { NotFoundError, PermissionError, UserInputError } from '../src/core/errors.js';
import type { EvidenceService } from '../src/core/evidence/evidence-service.js';
import type { EvidenceInput } from '../src/core/evidence/prepare-evidence.js';
import { readEvidenceFile } from '../src/core/evidence/read-evidence-file.js';
import * as types from '../src/router/arg-types.js';
import { option, type ArgType } from '../src/router/command-spec.js';
import type { CommandContext } from '../src/router/context.js';

export function evidenceService(ctx: CommandContext): EvidenceService {
  const service = ctx.core.evidence;
  if (!service) {
    throw new NotFoundError({
      ja: '証跡の保管庫が開かれていません。',
      en: 'The evidence store is not open.',
    });
  }
  return service;
}

const localPath: ArgType<string> = { ...types.text, placeholder: 'path' };

export const fileOption = option(localPath, {
  help: {
    ja: '証跡にするローカルファイルのパス（コンソールのみ、25 MB まで）',
    en: 'Path of a local file to keep as evidence (console only, up to 25 MB)',
  },
});

/** The evidence given: the text (or URL) or the file, exactly one of them. `where` is the incident or run id. */
export async function evidenceInput(
  ctx: CommandContext,
  where: string,
  content: string | undefined,
  file: string | undefined,
): Promise<EvidenceInput> {
  if (file !== undefined && content !== undefined) {
    throw new UserInputError({
      ja: 'テキスト（URL）か --file のどちらか一方を指定してください。両方を記録するには2回に分けてください。',
      en: 'Give either text (a URL) or --file, not both. Record them one at a time.',
    });
  }
  if (file === undefined) {
    if (content === undefined) {
      throw new UserInputError({
        ja: '証跡の内容（テキストか URL）、またはコンソールでは --file <パス> を指定してください。',
        en: 'Give the evidence: text or a URL, or in the console --file <path>.',
      });
    }
    return { text: content };
  }
  if (ctx.platform !== 'console') {
    throw new PermissionError({
      ja: `--file はコンソールでのみ使えます。チャットからボットのサーバー上のファイルを読ませることはできません。ファイルは ${where} のチャンネルに添付し、そのリンクを証跡として記録してください（例: /incident evidence INC-1 https://…）。`,
      en: `--file works only in the console: a chat message cannot make the bot read files on its server. Attach the file in the channel of ${where} and record its link as evidence (e.g. /incident evidence INC-1 https://…).`,
    });
  }
  return { file: await readEvidenceFile(file, process.cwd()) };
}
