// The four things the guidance asks operators to act on (seed 000 §3/§6, 001 III.3.2): a major
// change, a change of a default setting, a retirement and a security bulletin. A source's own fields
// say so where it has them (M365 `isMajorChange`, AWS Health event type codes, Google Cloud note
// types, Azure Updates categories); otherwise the title and body are searched for the keywords below,
// in Japanese and English.
import { NOTICE_TAGS, type NoticeTag } from './notice.js';

/**
 * English keywords are matched as whole words (case-insensitive): "default" matches "by default" and
 * "defaults", not "defaulted-to"-style identifiers inside other words. Japanese has no word breaks,
 * so Japanese keywords match anywhere. Phrases that merely contain a keyword but mean something else
 * are listed under `except` and removed before matching.
 */
interface KeywordRule {
  readonly english: readonly string[];
  readonly japanese: readonly string[];
  readonly except?: readonly string[];
}

const KEYWORDS: Readonly<Record<NoticeTag, KeywordRule>> = {
  major: {
    // Bare "major" is too common ("major version 8.0", "a major Region"); the phrases say it.
    english: [
      'major change',
      'major changes',
      'major update',
      'major updates',
      'breaking',
      'breaking change',
      'breaking changes',
    ],
    japanese: ['重大な変更', '重要な変更', '破壊的変更', '互換性のない変更', '大幅な変更'],
  },
  'default-change': {
    english: ['default', 'defaults', 'by default', 'default setting', 'default value', 'default behavior'],
    japanese: ['デフォルト', '既定', '初期設定', '初期値'],
    // A default VPC or default route is a resource name, not a default setting.
    except: ['default vpc', 'default route', 'default gateway'],
  },
  retirement: {
    english: [
      'retire',
      'retires',
      'retired',
      'retiring',
      'retirement',
      'deprecate',
      'deprecated',
      'deprecating',
      'deprecation',
      'end of support',
      'end-of-support',
      'end of standard support',
      'end of life',
      'end-of-life',
      'no longer supported',
      'discontinue',
      'discontinued',
      'sunset',
    ],
    japanese: ['廃止', '提供終了', 'サポート終了', '非推奨', '販売終了', '終了予定'],
  },
  security: {
    english: [
      'security',
      'vulnerability',
      'vulnerabilities',
      'security bulletin',
      'security advisory',
      'exploit',
      'exploitation',
      'malicious',
    ],
    japanese: ['脆弱性', 'セキュリティ', '不正アクセス', 'セキュリティ情報'],
    // Security groups are a networking feature; their announcements are not security bulletins.
    except: ['security group', 'security groups', 'network security group', 'network security groups'],
  },
};

/** CVE identifiers are security bulletins whatever the language around them. */
const CVE = /\bCVE-\d{4}-\d{4,}\b/i;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wordsPattern(words: readonly string[]): RegExp | undefined {
  if (words.length === 0) return undefined;
  // Longest first, so a phrase wins over the word it starts with; spaces match any whitespace.
  const alternatives = [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => escape(w).replace(/ /g, '\\s+'))
    .join('|');
  // ASCII boundaries: an English word next to Japanese text ("defaultの設定") still counts.
  return new RegExp(`(?<![A-Za-z0-9_])(?:${alternatives})(?![A-Za-z0-9_])`, 'i');
}

interface CompiledRule {
  readonly tag: NoticeTag;
  readonly english?: RegExp;
  readonly japanese: readonly string[];
  readonly except?: RegExp;
}

const RULES: readonly CompiledRule[] = NOTICE_TAGS.map((tag) => {
  const rule = KEYWORDS[tag];
  const english = wordsPattern(rule.english);
  const except = rule.except ? wordsPattern(rule.except) : undefined;
  return {
    tag,
    ...(english ? { english } : {}),
    japanese: rule.japanese,
    ...(except ? { except: new RegExp(except.source, 'gi') } : {}),
  };
});

/** Link targets are not prose: `…/ac/security/lsa` does not make a notice a security bulletin. */
const LINKS = /\b(?:https?:\/\/|mailto:)[^\s)]*/gi;

/** The tags whose keywords occur in `text` (title and body together). */
export function keywordTags(text: string): NoticeTag[] {
  const found: NoticeTag[] = [];
  const prose = text.replace(LINKS, ' ');
  for (const rule of RULES) {
    const haystack = rule.except ? prose.replace(rule.except, ' ') : prose;
    if (
      (rule.english?.test(haystack) ?? false) ||
      rule.japanese.some((word) => haystack.includes(word)) ||
      (rule.tag === 'security' && CVE.test(haystack))
    ) {
      found.push(rule.tag);
    }
  }
  return found;
}

export interface TagSources {
  readonly title: string;
  readonly body: string;
  /** Tags the source's own fields assert. */
  readonly fromSource?: readonly NoticeTag[];
  /**
   * Tags the source's fields decide either way (M365 `isMajorChange: false` means not major, whatever
   * the text says); keywords are not consulted for these.
   */
  readonly decidedBySource?: readonly NoticeTag[];
}

/** The notice's tags, in the order of NOTICE_TAGS: the source's own, then keywords for the rest. */
export function noticeTags(sources: TagSources): NoticeTag[] {
  const tags = new Set<NoticeTag>(sources.fromSource ?? []);
  const decided = new Set<NoticeTag>(sources.decidedBySource ?? []);
  for (const tag of keywordTags(`${sources.title}\n${sources.body}`)) {
    if (!decided.has(tag)) tags.add(tag);
  }
  return NOTICE_TAGS.filter((tag) => tags.has(tag));
}
