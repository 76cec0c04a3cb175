// Files attached to a Teams message, offered to the core as evidence. Teams puts a file the user
// sends the bot in the user's OneDrive and hands the bot a `file.download.info` attachment whose
// downloadUrl is pre-authenticated and short-lived: it is fetched with a plain GET (no credential of
// ours goes with it), over https only — or, for a local Bot Connector in development (an http
// serviceUrl on this machine), from that same host — and never beyond the evidence limit. Teams
// delivers these attachments in the personal chat with the bot (the manifest's supportsFiles).
import type { Activity } from 'botbuilder';
import type { ChatFile } from '../../core/evidence/chat-file.js';
import { MAX_EVIDENCE_FILE_BYTES } from '../../core/evidence/prepare-evidence.js';
import type { Directory } from '../../core/parties/directory.js';
import { downloadFile } from '../download-file.js';

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The activity's file attachments, each fetched only if the core keeps it. */
export function teamsFiles(activity: Activity, directory: Directory): ChatFile[] {
  const sender = activity.from.aadObjectId ?? activity.from.id;
  const person = directory.personByChat('teams', sender);
  const origin = {
    platform: 'teams',
    message: `${activity.conversation.id}/${activity.id ?? ''}`,
    shared_by: person?.id ?? sender,
  };
  const allowed = allowedHosts(activity.serviceUrl);
  return (activity.attachments ?? []).flatMap((attachment): ChatFile[] => {
    if (attachment.contentType !== FILE_DOWNLOAD_INFO) return [];
    const content = attachment.content as { downloadUrl?: unknown } | undefined;
    const url = typeof content?.downloadUrl === 'string' ? content.downloadUrl : undefined;
    const name = attachment.name ?? 'file';
    if (!url) return [];
    return [
      {
        name,
        origin,
        load: () =>
          downloadFile(url, { name, upstream: 'Teams', allowed, maxBytes: MAX_EVIDENCE_FILE_BYTES }),
      },
    ];
  });
}

/** `evidence` typed with files in an incident's own conversation: the same as `incident evidence`. */
export function evidenceShorthand(text: string, files: readonly ChatFile[]): string {
  if (files.length === 0) return text;
  return /^\/?(evidence|証跡)$/iu.test(text.trim()) ? 'incident evidence' : text;
}

function allowedHosts(serviceUrl: string | undefined): (url: URL) => boolean {
  let local: string | undefined;
  try {
    const service = serviceUrl ? new URL(serviceUrl) : undefined;
    if (service?.protocol === 'http:' && LOOPBACK.has(service.hostname)) local = service.origin;
  } catch (error) {
    // Not a URL: then nothing but https is allowed.
    if (!(error instanceof TypeError)) throw error;
  }
  return (url) => url.protocol === 'https:' || (local !== undefined && url.origin === local);
}
