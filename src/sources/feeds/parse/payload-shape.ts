// What a payload is, found from its first element or character, so a source configured with the
// wrong kind (an Atom feed read as RSS, a web page instead of its feed, a Graph error instead of a
// message list) is told what was found and which kind to use, instead of failing obscurely.
import { UserInputError } from '../../../core/errors.js';
import type { Bilingual } from '../../../core/i18n/locale.js';
import type { NoticeSourceKind } from '../notice.js';

export type PayloadShape = 'empty' | 'html' | 'rss' | 'rdf' | 'atom' | 'json' | 'xml' | 'text';

// The prolog an XML document may start with: declaration, processing instructions, comments, doctype.
const PROLOG = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*/i;

export function payloadShape(payload: string): PayloadShape {
  const head = payload.replace(/^\uFEFF/, '').slice(0, 4096);
  const trimmed = head.trimStart();
  if (trimmed === '') return 'empty';
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'json';
  if (!trimmed.startsWith('<')) return 'text';
  const prolog = PROLOG.exec(head)?.[0] ?? '';
  const root = /^<([A-Za-z_][\w:.-]*)/.exec(head.slice(prolog.length))?.[1]?.toLowerCase();
  if (root === undefined) return /<!DOCTYPE\s+html/i.test(prolog) ? 'html' : 'xml';
  const local = root.includes(':') ? root.slice(root.indexOf(':') + 1) : root;
  if (local === 'rss') return 'rss';
  if (local === 'rdf') return 'rdf';
  if (local === 'feed') return 'atom';
  if (local === 'html' || /<!DOCTYPE\s+html/i.test(prolog)) return 'html';
  return 'xml';
}

const FOUND: Readonly<Record<PayloadShape, Bilingual>> = {
  empty: { ja: '中身が空です', en: 'it is empty' },
  html: {
    ja: 'これはフィードではなく HTML のウェブページです。ページが案内している RSS または Atom フィードの URL を指定してください',
    en: "this is an HTML web page, not a feed. Use the address of the page's RSS or Atom feed instead",
  },
  rss: { ja: 'これは RSS フィードです', en: 'this is an RSS feed' },
  rdf: { ja: 'これは RSS 1.0（RDF）フィードです', en: 'this is an RSS 1.0 (RDF) feed' },
  atom: { ja: 'これは Atom フィードです', en: 'this is an Atom feed' },
  json: { ja: 'これは JSON です', en: 'this is JSON' },
  xml: { ja: 'これは RSS でも Atom でもない XML です', en: 'this is XML, but neither RSS nor Atom' },
  text: { ja: 'これは XML でも JSON でもありません', en: 'this is neither XML nor JSON' },
};

/** Kinds that read each shape, suggested when the configured kind does not fit. */
const KINDS_FOR: Readonly<Partial<Record<PayloadShape, readonly NoticeSourceKind[]>>> = {
  rss: ['rss', 'aws-whats-new', 'azure-updates'],
  rdf: ['rss'],
  atom: ['atom', 'gcp-release-notes', 'workspace-updates'],
  json: ['m365-messages', 'm365-issues', 'aws-health'],
};

/** What each kind expects, for the message. */
const EXPECTED: Readonly<Record<NoticeSourceKind, Bilingual>> = {
  rss: { ja: 'RSS フィード', en: 'an RSS feed' },
  atom: { ja: 'Atom フィード', en: 'an Atom feed' },
  'aws-whats-new': { ja: 'AWS What’s New の RSS フィード', en: "the AWS What's New RSS feed" },
  'azure-updates': { ja: 'Azure Updates の RSS フィード', en: 'the Azure Updates RSS feed' },
  'gcp-release-notes': {
    ja: 'Google Cloud リリースノートの Atom フィード',
    en: 'a Google Cloud release notes Atom feed',
  },
  'workspace-updates': {
    ja: 'Google Workspace Updates の Atom フィード',
    en: 'the Google Workspace Updates Atom feed',
  },
  'aws-health': {
    ja: 'AWS Health のイベントの JSON {"events": [...], "details": [...]}',
    en: 'AWS Health events as JSON {"events": [...], "details": [...]}',
  },
  'm365-messages': {
    ja: 'Microsoft Graph のメッセージセンター一覧 serviceUpdateMessage',
    en: 'a Microsoft Graph Message Center list of serviceUpdateMessage',
  },
  'm365-issues': {
    ja: 'Microsoft Graph のサービス正常性の問題一覧 serviceHealthIssue',
    en: 'a Microsoft Graph list of serviceHealthIssue',
  },
};

/**
 * The payload is not what `kind` reads. `found` overrides the description of what it is instead
 * (for instance a Graph error response); `suggest` the kinds to propose.
 */
export function wrongPayload(
  kind: NoticeSourceKind,
  shape: PayloadShape,
  found: Bilingual = FOUND[shape],
  suggest: readonly NoticeSourceKind[] = (KINDS_FOR[shape] ?? []).filter((k) => k !== kind),
): UserInputError {
  const options = suggest.map((k) => `--kind ${k}`);
  const use =
    options.length === 0
      ? { ja: '', en: '' }
      : {
          ja: `。種類を ${options.join('、')} ${options.length > 1 ? 'のいずれか' : ''}にしてください`,
          en: `; use ${options.length > 1 ? `${options.slice(0, -1).join(', ')} or ` : ''}${options.at(-1)}`,
        };
  return new UserInputError({
    ja: `種類 ${kind}（${EXPECTED[kind].ja}）として読めません。${found.ja}${use.ja}。`,
    en: `Cannot read this as kind ${kind}, which expects ${EXPECTED[kind].en}: ${found.en}${use.en}.`,
  });
}
