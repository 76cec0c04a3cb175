// Notice bodies are safe plain text, and notices are tagged as major changes, default changes,
// retirements and security bulletins from the source's fields or from Japanese and English keywords.
import { describe, expect, it } from 'vitest';
import {
  bound,
  cleanText,
  htmlToPlainText,
  MAX_BODY_LENGTH,
  titleText,
} from '../../src/sources/feeds/plain-text.js';
import { keywordTags, noticeTags } from '../../src/sources/feeds/tags.js';

describe('HTML becomes safe plain text for chat cards', () => {
  it('keeps a link once as "text (url)", and a link whose text is its address once', () => {
    const text = htmlToPlainText(
      '<p>Read the <a href="https://docs.example.com/guide">guide</a> or <a href="https://x.example/b">https://x.example/b</a>.</p>',
    );
    expect(text).toBe('Read the guide (https://docs.example.com/guide) or https://x.example/b.');
  });

  it('drops script and style content, images and links a reader cannot safely open', () => {
    const text = htmlToPlainText(
      '<p>Hello</p><script>alert("x")</script><style>p{color:red}</style><img src="a.png" alt="logo">' +
        '<p><a href="javascript:alert(1)">click</a> <a href="data:text/html,evil">data</a></p>',
    );
    expect(text).toBe('Hello\n\nclick data');
    expect(text).not.toMatch(/alert|color|logo|javascript|data:/);
  });

  it('writes headings as plain lines, lists with "- " and tables as rows of cells', () => {
    const text = htmlToPlainText(
      '<h3>What’s changing</h3><ul><li>one</li><li>two</li></ul><table><tr><th>作業日</th><td>6月3日</td></tr></table>',
    );
    expect(text).toBe('What’s changing\n\n- one\n- two\n\n作業日 | 6月3日');
  });

  it('removes terminal escapes, control characters and bidirectional overrides', () => {
    expect(cleanText('ok \u001b[31mred\u001b[0m\u0007 \u202eevil\u202c\u0000 done')).toBe('ok red evil done');
  });

  it('collapses runs of spaces and blank lines, and keeps Japanese as it is', () => {
    expect(cleanText('一行目\r\n\r\n\r\n\r\n二行目　　です   。\t\t')).toBe('一行目\n\n二行目 です 。');
  });

  it('bounds the length with an ellipsis, counting characters not UTF-16 units', () => {
    const long = htmlToPlainText(`<p>${'あ'.repeat(MAX_BODY_LENGTH + 100)}</p>`);
    expect(Array.from(long)).toHaveLength(MAX_BODY_LENGTH);
    expect(long.endsWith('…')).toBe(true);
    expect(bound('😀😀😀', 2)).toBe('😀…');
  });

  it('makes titles one line, from HTML titles too', () => {
    expect(titleText('Microsoft Entra ID の <em>既定</em>\n の変更', true)).toBe(
      'Microsoft Entra ID の 既定 の変更',
    );
    expect(titleText('a < b & c', false)).toBe('a < b & c');
  });
});

describe('tags from keywords in Japanese and English', () => {
  it.each([
    ['IMDSv2 is now required by default', ['default-change']],
    ['SharePoint の既定の共有リンクの種類が変更されます', ['default-change']],
    ['初期設定が変わります', ['default-change']],
    ['Basic authentication retires in September', ['retirement']],
    ['The API is deprecated', ['retirement']],
    ['MySQL 8.0 reaches end of standard support', ['retirement']],
    ['レガシー共有リンクは提供終了となります', ['retirement']],
    ['旧バージョンのサポート終了について', ['retirement']],
    ['A vulnerability (CVE-2025-1234) allowed privilege escalation', ['security']],
    ['CVE-2025-31337 への対応', ['security']],
    ['CMS プラグインの脆弱性への対応', ['security']],
    ['This is a breaking change to the API', ['major']],
    ['重大な変更のお知らせ', ['major']],
  ])('%s → %j', (text, tags) => {
    expect(keywordTags(text)).toEqual(tags);
  });

  it('matches English keywords as whole words, also next to Japanese text', () => {
    expect(keywordTags('defaultの値を変更')).toEqual(['default-change']);
    expect(keywordTags('The defaultable flag and unretired hosts')).toEqual([]);
  });

  it('does not take phrases that only contain a keyword for it', () => {
    expect(keywordTags('Inbound traffic is allowed by a network security group')).toEqual([]);
    expect(keywordTags('Create a subnet in the default VPC')).toEqual([]);
    expect(keywordTags('RDS for MySQL major version 8.4 is available')).toEqual([]);
  });

  it('does not read link targets as prose', () => {
    expect(keywordTags('Allow it in the Admin console (https://admin.google.com/ac/security/lsa)')).toEqual(
      [],
    );
  });

  it('adds the source’s own tags, and lets a field the source decides override the keywords', () => {
    expect(noticeTags({ title: 'Plan for change', body: '', fromSource: ['retirement'] })).toEqual([
      'retirement',
    ]);
    expect(
      noticeTags({
        title: 'A breaking change',
        body: 'by default',
        fromSource: [],
        decidedBySource: ['major'],
      }),
    ).toEqual(['default-change']);
    expect(noticeTags({ title: 'x', body: 'security', fromSource: ['major'] })).toEqual([
      'major',
      'security',
    ]);
  });
});

describe('HTML structure the converter keeps', () => {
  it('numbers ordered lists and indents nested lists', () => {
    expect(htmlToPlainText('<ol><li>first<ul><li>inner</li></ul></li><li>second</li></ol>')).toBe(
      '1. first\n  - inner\n2. second',
    );
  });

  it('breaks lines at <br>, keeps the line breaks of <pre> and decodes entities', () => {
    expect(htmlToPlainText('Title: X<br><br>User Impact: Y')).toBe('Title: X\n\nUser Impact: Y');
    expect(htmlToPlainText('<pre>a  b\n  c</pre>')).toBe('a b\n  c');
    expect(htmlToPlainText('<p>R&amp;D &lt;team&gt; &#x65E2;&#23450;</p>')).toBe('R&D <team> 既定');
  });

  it('hides the content of unclosed scripts and forms rather than showing it', () => {
    expect(htmlToPlainText('<p>before</p><form><input value="x">secret</form><script>never')).toBe('before');
  });

  it('shows a link with no text as its address, and a mailto link once', () => {
    expect(htmlToPlainText('<a href="https://e.example/x"></a>')).toBe('https://e.example/x');
    expect(htmlToPlainText('<a href="mailto:ops@e.example">ops@e.example</a>')).toBe('ops@e.example');
  });
});

describe('hostile input stays cheap and bounded', () => {
  it('cleans a megabyte of spaces and markup in bounded time and size', () => {
    const spaces = `a${' '.repeat(1_000_000)}b\n${'\t'.repeat(100_000)}x`;
    expect(cleanText(spaces).length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    const nested = `${'<div><ul><li>'.repeat(20_000)}deep${'</li></ul></div>'.repeat(20_000)}`;
    const text = htmlToPlainText(nested);
    expect(text.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(text.endsWith('…')).toBe(true);
  });
});
