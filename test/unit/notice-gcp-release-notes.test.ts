// Google Cloud release notes: one Atom entry per day holds several notes, one under each <h3>; each
// becomes its own notice, with an id stable by type and position.
import { describe, expect, it } from 'vitest';
import { normalise } from '../../src/sources/feeds/normalise.js';
import { feedFixture, noticeById, parseFixture } from '../helpers/notice-fixtures.js';

const DAY = 'gcp:tag:google.com,2016:compute-release-notes#May_14_2025';

describe('Google Cloud release notes (per-product Atom)', () => {
  const { notices, skipped } = parseFixture('gcp-release-notes', 'gcp-compute-release-notes.atom.xml');

  it('splits each day into one notice per note, numbering notes of the same type', () => {
    expect(skipped).toEqual([]);
    expect(notices.map((n) => n.id)).toEqual([
      `${DAY}#feature-1`,
      `${DAY}#changed-1`,
      `${DAY}#deprecated-1`,
      `${DAY}#security-1`,
      `${DAY}#feature-2`,
      'gcp:tag:google.com,2016:compute-release-notes#May_08_2025#breaking-1',
      'gcp:tag:google.com,2016:compute-release-notes#May_08_2025#issue-1',
      'gcp:tag:google.com,2016:compute-release-notes#May_08_2025#fixed-1',
      'gcp:tag:google.com,2016:compute-release-notes#April_30_2025#note-1',
    ]);
  });

  it('takes the product from the feed title and the category from the note type', () => {
    const changed = noticeById(notices, `${DAY}#changed-1`);
    expect(changed).toMatchObject({
      provider: 'google-cloud',
      products: ['Compute Engine'],
      category: 'Changed',
      title:
        'Compute Engine (Changed): New VM instances now have Shielded VM Secure Boot enabled by default.',
      published: '2025-05-14T07:00:00.000Z',
      url: 'https://cloud.google.com/compute/docs/release-notes#May_14_2025',
      severity: 'normal',
      tags: ['default-change'],
    });
    expect(changed.body).toBe(
      'New VM instances now have Shielded VM Secure Boot enabled by default. To keep the previous behaviour, set --no-shielded-secure-boot when you create the instance.\n\n' +
        '- Instance templates created before this date are not changed.\n- The organization policy compute.requireShieldedVm still applies.',
    );
  });

  it('keeps each note’s body to its own section', () => {
    const feature = noticeById(notices, `${DAY}#feature-1`);
    expect(feature.body).toBe(
      'C4D machine types are generally available (https://cloud.google.com/compute/docs/general-purpose-machines#c4d_series) in asia-northeast1 (Tokyo).',
    );
    expect(feature.title).toBe(
      'Compute Engine (Feature): C4D machine types are generally available in asia-northeast1 (Tokyo).',
    );
    expect(noticeById(notices, `${DAY}#feature-2`).body).toBe(
      'You can now attach up to 128 Hyperdisk volumes to a C4 instance.',
    );
  });

  it('tags Deprecated as retirement, Security as security (high) and Breaking as major (high)', () => {
    expect(noticeById(notices, `${DAY}#deprecated-1`)).toMatchObject({
      tags: ['retirement'],
      severity: 'normal',
    });
    expect(noticeById(notices, `${DAY}#security-1`)).toMatchObject({ tags: ['security'], severity: 'high' });
    expect(
      noticeById(notices, 'gcp:tag:google.com,2016:compute-release-notes#May_08_2025#breaking-1'),
    ).toMatchObject({ tags: ['major'], severity: 'high', category: 'Breaking' });
    expect(
      noticeById(notices, 'gcp:tag:google.com,2016:compute-release-notes#May_08_2025#fixed-1').severity,
    ).toBe('low');
  });

  it('reads an entry without headings as a single note without a type', () => {
    const plain = noticeById(notices, 'gcp:tag:google.com,2016:compute-release-notes#April_30_2025#note-1');
    expect(plain.category).toBeUndefined();
    expect(plain.title).toBe(
      'Compute Engine: Compute Engine documentation is now available in Japanese for the VM Manager pages.',
    );
  });

  it('keeps the ids of a day’s notes when a note of another type is added to it later', () => {
    const edited = feedFixture('gcp-compute-release-notes.atom.xml').replace(
      '<content type="html"><![CDATA[<h3>Feature</h3>',
      '<content type="html"><![CDATA[<h3>Announcement</h3><p>Added later in the day.</p><h3>Feature</h3>',
    );
    const again = normalise('gcp-release-notes', edited).notices;
    expect(noticeById(again, `${DAY}#announcement-1`).body).toBe('Added later in the day.');
    for (const id of [`${DAY}#feature-1`, `${DAY}#changed-1`, `${DAY}#security-1`, `${DAY}#feature-2`]) {
      expect(noticeById(again, id).body).toBe(noticeById(notices, id).body);
    }
  });

  it('takes the product from the caller, and from <h2> headings in the all-products feed', () => {
    expect(
      parseFixture('gcp-release-notes', 'gcp-compute-release-notes.atom.xml', { product: 'GCE' }).notices[0]!
        .products,
    ).toEqual(['GCE']);
    const all = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:google.com,2016:gcp-release-notes</id>
  <title>Google Cloud release notes</title>
  <updated>2025-05-14T00:00:00-07:00</updated>
  <entry>
    <title>May 14, 2025</title>
    <id>tag:google.com,2016:gcp-release-notes#May_14_2025</id>
    <updated>2025-05-14T00:00:00-07:00</updated>
    <link rel="alternate" href="https://cloud.google.com/release-notes#May_14_2025"/>
    <content type="html"><![CDATA[<h2 class="release-note-product-title">BigQuery</h2>
<h3>Feature</h3><p>BigQuery feature.</p>
<h2 class="release-note-product-title">Cloud Storage</h2>
<h3>Feature</h3><p>Cloud Storage feature.</p>
<h3>Deprecated</h3><p>The legacy XML API endpoint is deprecated.</p>]]></content>
  </entry>
</feed>`;
    const notes = normalise('gcp-release-notes', all).notices;
    expect(notes.map((n) => [n.id.split('#').at(-1), n.products[0]])).toEqual([
      ['bigquery-feature-1', 'BigQuery'],
      ['cloud-storage-feature-1', 'Cloud Storage'],
      ['cloud-storage-deprecated-1', 'Cloud Storage'],
    ]);
  });
});
