// RSS 2.0, RSS 1.0 (RDF) and Atom through feedsmith (a maintained parser on fast-xml-parser that
// leaves DOCTYPE entities unexpanded), flattened to one entry shape the feed parsers share. Only
// what notices need is kept; each parser decides what the fields mean for its source.
import { MalformedError, parseAtomFeed, parseRdfFeed, parseRssFeed } from 'feedsmith';
import type { AtomFeed, RdfFeed, RssFeed } from 'feedsmith';
import { UserInputError } from '../../../core/errors.js';
import type { NoticeSourceKind } from '../notice.js';
import { payloadShape, wrongPayload } from './payload-shape.js';

export interface FeedEntry {
  /** RSS `guid`, Atom `id`. */
  readonly id?: string;
  /** True when `id` is unique on its own (an Atom id, a permalink or URI guid), not just within this feed. */
  readonly idIsGlobal: boolean;
  readonly title?: string;
  readonly titleIsHtml: boolean;
  /** The entry's web page (RSS `link`, Atom `rel="alternate"` link). */
  readonly link?: string;
  /** Body as HTML (RSS description or content:encoded, Atom html/xhtml content or summary). */
  readonly html?: string;
  /** Body as text (Atom `type="text"`). */
  readonly text?: string;
  /** Date strings as the feed gives them. */
  readonly published?: string;
  readonly updated?: string;
  readonly categories: readonly string[];
}

export interface FeedDocument {
  readonly format: 'rss' | 'rdf' | 'atom';
  readonly title?: string;
  /** The feed's web site (RSS channel link, Atom alternate link) or, failing that, its id. */
  readonly home?: string;
  readonly entries: readonly FeedEntry[];
}

/** Reads `payload` as the feed format `kind` expects (`rss` accepts RSS 2.0 and RDF). */
export function readFeed(payload: string, kind: NoticeSourceKind, expect: 'rss' | 'atom'): FeedDocument {
  const shape = payloadShape(payload);
  const fits = expect === 'rss' ? shape === 'rss' || shape === 'rdf' : shape === 'atom';
  if (!fits) throw wrongPayload(kind, shape);
  try {
    if (shape === 'atom') return fromAtom(parseAtomFeed(payload));
    if (shape === 'rdf') return fromRdf(parseRdfFeed(payload));
    return fromRss(parseRssFeed(payload));
  } catch (error) {
    if (error instanceof UserInputError) throw error;
    const detail = error instanceof MalformedError && error.cause instanceof Error ? error.cause.message : '';
    throw new UserInputError(
      {
        ja: `フィードを読み取れません: XML の形式が正しくありません${detail ? `（${detail}）` : ''}。配信元のフィードが途中で切れていないか、ブラウザで開いて確認してください。`,
        en: `Cannot read the feed: it is not well-formed XML${detail ? ` (${detail})` : ''}. Check that the feed is complete by opening it in a browser.`,
      },
      undefined,
      { cause: error },
    );
  }
}

const isUri = (id: string): boolean => /^[a-z][a-z0-9+.-]*:\S/i.test(id);

function fromRss(feed: RssFeed.Feed<string>): FeedDocument {
  return {
    format: 'rss',
    title: nonEmpty(feed.title),
    home: nonEmpty(feed.link),
    entries: (feed.items ?? []).map((item): FeedEntry => {
      const guid = nonEmpty(item.guid?.value);
      return {
        id: guid,
        idIsGlobal: guid !== undefined && (item.guid?.isPermaLink === true || isUri(guid)),
        title: nonEmpty(item.title),
        titleIsHtml: false,
        link: nonEmpty(item.link),
        html: nonEmpty(item.content?.encoded ?? item.description),
        published: nonEmpty(item.pubDate ?? item.dc?.dates?.[0] ?? item.dcterms?.created?.[0]),
        updated: nonEmpty(item.atom?.updated ?? item.dcterms?.modified?.[0]),
        categories: names(item.categories, (c) => c.name),
      };
    }),
  };
}

function fromRdf(feed: RdfFeed.Feed<string>): FeedDocument {
  return {
    format: 'rdf',
    title: nonEmpty(feed.title),
    home: nonEmpty(feed.link),
    entries: (feed.items ?? []).map((item): FeedEntry => ({
      id: nonEmpty(item.rdf?.about ?? item.link),
      idIsGlobal: true,
      title: nonEmpty(item.title),
      titleIsHtml: false,
      link: nonEmpty(item.link),
      html: nonEmpty(item.content?.encoded ?? item.description),
      published: nonEmpty(item.dc?.dates?.[0] ?? item.dcterms?.created?.[0]),
      updated: nonEmpty(item.dcterms?.modified?.[0]),
      categories: names(item.dc?.subjects, (c) => c),
    })),
  };
}

function fromAtom(feed: AtomFeed.Feed<string>): FeedDocument {
  return {
    format: 'atom',
    title: nonEmpty(feed.title?.value),
    home: nonEmpty(alternateLink(feed.links) ?? feed.id),
    entries: (feed.entries ?? []).map((entry): FeedEntry => {
      const body = entry.content?.value !== undefined ? entry.content : entry.summary;
      const bodyIsText = body !== undefined && (body.type === undefined || body.type === 'text');
      return {
        id: nonEmpty(entry.id),
        idIsGlobal: true,
        title: nonEmpty(entry.title?.value),
        titleIsHtml: entry.title?.type === 'html' || entry.title?.type === 'xhtml',
        link: nonEmpty(alternateLink(entry.links)),
        html: bodyIsText ? undefined : nonEmpty(body?.value),
        text: bodyIsText ? nonEmpty(body.value) : undefined,
        published: nonEmpty(entry.published ?? entry.updated),
        updated: nonEmpty(entry.updated),
        // The term, not the label: terms are the names products are configured with.
        categories: names(entry.categories, (c) => c.term),
      };
    }),
  };
}

function alternateLink(links: readonly { href?: string; rel?: string }[] | undefined): string | undefined {
  return (links ?? []).find((l) => (l.rel === undefined || l.rel === 'alternate') && l.href)?.href;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function names<T>(list: readonly T[] | undefined, name: (item: T) => unknown): string[] {
  const result: string[] = [];
  for (const item of list ?? []) {
    const value = nonEmpty(name(item));
    if (value !== undefined) result.push(value);
  }
  return result;
}
