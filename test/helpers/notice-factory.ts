// Provider notices for tests: a plausible Microsoft 365 Message Center notice about Exchange
// Online, changed field by field as a test needs.
import type { Notice } from '../../src/sources/feeds/notice.js';

export function aNotice(overrides: Partial<Notice> = {}): Notice {
  return {
    id: 'm365:MC900001',
    provider: 'microsoft-365',
    products: ['Exchange Online'],
    title: 'Exchange Online: legacy authentication will be turned off by default',
    published: '2026-11-20T01:00:00Z',
    updated: '2026-11-20T01:00:00Z',
    url: 'https://admin.microsoft.com/Adminportal/Home#/MessageCenter/:/messages/MC900001',
    category: 'planForChange',
    severity: 'high',
    actionRequiredBy: '2026-12-15',
    body: 'Starting December 15, 2026, new tenants will have basic authentication for SMTP AUTH turned off by default. Review your tenant settings before that date.',
    tags: ['default-change'],
    ...overrides,
  };
}
