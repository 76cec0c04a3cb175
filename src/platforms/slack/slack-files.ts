// Files shared in a Slack message, offered to the core as evidence. Each is looked up with
// files.info (messages in Slack Connect channels carry only the file's id) and downloaded from its
// url_private_download with the bot token — only from Slack's own file hosts or the configured
// SLACK_API_URL's, so the token never goes anywhere else — and never beyond the evidence limit.
import type { WebClient } from '@slack/web-api';
import { UpstreamError, UserInputError } from '../../core/errors.js';
import type { ChatFile } from '../../core/evidence/chat-file.js';
import type { EvidenceOrigin } from '../../core/evidence/evidence-events.js';
import { MAX_EVIDENCE_FILE_BYTES } from '../../core/evidence/prepare-evidence.js';
import type { Directory } from '../../core/parties/directory.js';
import { downloadFile } from '../download-file.js';
import { slackErrorCode } from './slack-errors.js';

/** Where Slack serves private files (url_private_download), besides a configured SLACK_API_URL. */
const SLACK_FILE_HOSTS = new Set(['files.slack.com', 'slack.com']);

/** The message the files were shared in. */
export interface SharedIn {
  readonly channel: string;
  readonly ts: string;
  readonly permalink?: string;
  /** The message's author (the default uploader). */
  readonly user?: string;
}

export class SlackFiles {
  private readonly configured: string | undefined;

  constructor(
    private readonly client: WebClient,
    private readonly botToken: string,
    private readonly directory: Directory,
    /** SLACK_API_URL, when set: its origin serves files too. */
    apiUrl: string | undefined,
  ) {
    this.configured = apiUrl ? new URL(apiUrl).origin : undefined;
  }

  /** The ids of the files on a message as Slack delivers it (`files: [{ id, ... }]`). */
  static idsOf(message: { readonly files?: unknown }): string[] {
    if (!Array.isArray(message.files)) return [];
    return message.files.flatMap((file: unknown) => {
      const id = (file as { id?: unknown } | null)?.id;
      return typeof id === 'string' && id !== '' ? [id] : [];
    });
  }

  /** The message's files, each fetched only if the core keeps it. */
  async filesOf(ids: readonly string[], where: SharedIn): Promise<ChatFile[]> {
    const files: ChatFile[] = [];
    for (const id of ids) files.push(await this.describe(id, where));
    return files;
  }

  private async describe(id: string, where: SharedIn): Promise<ChatFile> {
    let info: Awaited<ReturnType<WebClient['files']['info']>>['file'];
    try {
      info = (await this.client.files.info({ file: id })).file;
    } catch (error) {
      return unavailable(id, this.origin(where, undefined), lookupFailed(id, error));
    }
    const name = info?.name ?? info?.title ?? id;
    const origin = this.origin(where, info?.user);
    const url = info?.url_private_download;
    if (!info || info.is_external || info.mode === 'external' || info.mode === 'tombstone' || !url) {
      return unavailable(name, origin, notHosted(name));
    }
    const mimetype = info.mimetype ?? '';
    return {
      name,
      ...(typeof info.size === 'number' ? { size: info.size } : {}),
      origin,
      load: () =>
        downloadFile(url, {
          name,
          upstream: 'Slack',
          headers: { Authorization: `Bearer ${this.botToken}` },
          allowed: (target) => this.allowed(target),
          maxBytes: MAX_EVIDENCE_FILE_BYTES,
          // Without a usable token Slack answers with its sign-in page, not with an error status.
          check: (response) =>
            response.headers.get('content-type')?.startsWith('text/html') && !mimetype.startsWith('text/html')
              ? signInPage(name)
              : undefined,
        }),
    };
  }

  private allowed(url: URL): boolean {
    if (url.protocol === 'https:' && SLACK_FILE_HOSTS.has(url.hostname)) return true;
    return this.configured !== undefined && url.origin === this.configured;
  }

  private origin(where: SharedIn, uploader: string | undefined): EvidenceOrigin {
    const user = uploader ?? where.user;
    const person = user ? this.directory.personByChat('slack', user) : undefined;
    const sharedBy = person?.id ?? user;
    return {
      platform: 'slack',
      message: where.permalink ?? `${where.channel}/${where.ts}`,
      ...(sharedBy ? { shared_by: sharedBy } : {}),
    };
  }
}

/** A file that cannot be had: offered all the same, so the person hears why it was not recorded. */
function unavailable(name: string, origin: EvidenceOrigin, error: Error): ChatFile {
  return { name, origin, load: () => Promise.reject(error) };
}

function lookupFailed(id: string, error: unknown): UpstreamError {
  const code = slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
  const gone = code === 'file_not_found' || code === 'file_deleted';
  const scope = code === 'missing_scope';
  return new UpstreamError(
    {
      ja: gone
        ? `ファイル ${id} は Slack から削除されています。`
        : scope
          ? 'Slack アプリに files:read の権限がありません。manifest/slack/manifest.yaml でアプリを更新し、再インストールしてください。'
          : `Slack でファイル ${id} を確認できませんでした（${code}）。しばらくしてからもう一度お試しください。`,
      en: gone
        ? `The file ${id} has been deleted from Slack.`
        : scope
          ? 'The Slack app lacks the files:read scope. Update the app from manifest/slack/manifest.yaml and reinstall it.'
          : `Slack could not describe the file ${id} (${code}). Try again in a moment.`,
    },
    'slack',
    !gone && !scope,
    undefined,
    { cause: error },
  );
}

function notHosted(name: string): UserInputError {
  return new UserInputError({
    ja: `${name} は Slack に保管されたファイルではありません（外部サービスのファイルか、削除済み）。保管場所のリンクを証跡として記録してください: /incident evidence INC-番号 <URL>`,
    en: `${name} is not a file kept in Slack (it lives in another service, or was deleted). Record a link to where it is kept: /incident evidence INC-<n> <url>`,
  });
}

function signInPage(name: string): UpstreamError {
  return new UpstreamError(
    {
      ja: `Slack が ${name} の代わりにサインイン画面を返しました。ボットのトークンにファイルを読む権限（files:read）がありません。manifest/slack/manifest.yaml でアプリを更新し、再インストールしてください。`,
      en: `Slack answered with its sign-in page instead of ${name}: the bot token may not read files (files:read). Update the app from manifest/slack/manifest.yaml and reinstall it.`,
    },
    'slack',
    false,
  );
}
