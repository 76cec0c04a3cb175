// One entry point from a source's raw payload to Notices, whatever the kind. Parsers are pure: the
// same payload always gives the same notices with the same ids, which is what lets the poller
// deduplicate across polls and restarts.
//
//   kind               payload                                        notice ids
//   rss                RSS 2.0 or RSS 1.0 (RDF)                        rss:<guid> (a bare guid qualified by the channel link)
//   atom               Atom 1.0                                       atom:<entry id>
//   aws-whats-new      AWS What's New RSS                             aws-whats-new:<guid>
//   azure-updates      Azure Updates RSS                              azure-updates:<guid>
//   gcp-release-notes  Google Cloud release notes Atom (split notes)  gcp:<entry id>#<type>-<n>
//   workspace-updates  Google Workspace Updates Atom                  workspace-updates:<entry id>
//   aws-health         {"events": [...], "details": [...]}            aws-health:<event arn>
//   m365-messages      Graph serviceUpdateMessage list page           m365:<MC id>
//   m365-issues        Graph serviceHealthIssue list page             m365-issue:<id>
//
// A payload that is not what the kind reads throws a UserInputError saying what it is instead; an
// item that cannot become a notice is left out and listed in `skipped` with the reason.
import { UserInputError } from '../../core/errors.js';
import type { NoticeProvider, NoticeSourceKind } from './notice.js';
import { parseAtom } from './parse/atom.js';
import { parseAwsHealth } from './parse/aws-health.js';
import { parseAwsWhatsNew } from './parse/aws-whats-new.js';
import { parseAzureUpdates } from './parse/azure-updates.js';
import { parseGcpReleaseNotes } from './parse/gcp-release-notes.js';
import { parseM365Issues } from './parse/m365-issues.js';
import { parseM365Messages } from './parse/m365-messages.js';
import type { ParseResult } from './parse/parse-result.js';
import { parseRss } from './parse/rss.js';
import { parseWorkspaceUpdates } from './parse/workspace-updates.js';

export type { ParseResult, SkippedItem } from './parse/parse-result.js';

export interface NormaliseOptions {
  /** Provider of a generic RSS/Atom source (default `other`); the provider-specific kinds know their own. */
  readonly provider?: NoticeProvider;
  /** A product every notice of the source concerns (a Google Cloud product feed, an SIer's feed about one service). */
  readonly product?: string;
}

function parse(kind: NoticeSourceKind, payload: string, options: NormaliseOptions): ParseResult {
  const feed = {
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.product ? { product: options.product } : {}),
  };
  switch (kind) {
    case 'rss':
      return parseRss(payload, feed);
    case 'atom':
      return parseAtom(payload, feed);
    case 'aws-whats-new':
      return parseAwsWhatsNew(payload);
    case 'azure-updates':
      return parseAzureUpdates(payload);
    case 'gcp-release-notes':
      return parseGcpReleaseNotes(payload, options.product ? { product: options.product } : {});
    case 'workspace-updates':
      return parseWorkspaceUpdates(payload);
    case 'aws-health':
      return parseAwsHealth(payload);
    case 'm365-messages':
      return parseM365Messages(payload);
    case 'm365-issues':
      return parseM365Issues(payload);
  }
}

/**
 * Notices from one payload of a source. Throws only UserInputError: the payload as a whole is not
 * what `kind` reads (wrong format, malformed, a web page, an error response).
 */
export function normalise(
  kind: NoticeSourceKind,
  payload: string,
  options: NormaliseOptions = {},
): ParseResult {
  try {
    return parse(kind, payload, options);
  } catch (error) {
    if (error instanceof UserInputError) throw error;
    // A parser bug on strange input must still reach the operator as "this payload cannot be read",
    // with the cause kept for the log, not as a crash of the poller or a stack trace in the CLI.
    const detail = error instanceof Error ? ` (${error.message})` : '';
    throw new UserInputError(
      {
        ja: `種類 ${kind} として読み取れませんでした${detail}。`,
        en: `Could not read this as kind ${kind}${detail}.`,
      },
      undefined,
      { cause: error },
    );
  }
}
