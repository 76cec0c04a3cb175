// Who publishes what a source carries: fixed by the kind for the providers' own feeds and APIs, as
// configured (`provider:`, default other) for a plain RSS or Atom feed.
import type { NoticeSourceSettings } from '../../core/parties/model.js';
import type { NoticeProvider, NoticeSourceKind } from './notice.js';

const PROVIDER_OF_KIND: Readonly<Record<NoticeSourceKind, NoticeProvider | undefined>> = {
  rss: undefined,
  atom: undefined,
  'aws-whats-new': 'aws',
  'aws-health': 'aws',
  'gcp-release-notes': 'google-cloud',
  'workspace-updates': 'google-workspace',
  'azure-updates': 'azure',
  'm365-messages': 'microsoft-365',
  'm365-issues': 'microsoft-365',
};

export function sourceProvider(source: Pick<NoticeSourceSettings, 'kind' | 'provider'>): NoticeProvider {
  return PROVIDER_OF_KIND[source.kind] ?? source.provider ?? 'other';
}
