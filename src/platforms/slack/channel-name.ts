// Incident channel names under Slack's rules: lowercase, no spaces or periods, at most 80
// characters; letters of any script, digits, hyphens and underscores.
const MAX_LENGTH = 80;

export function incidentChannelName(incidentId: string, title: string, attempt = 1): string {
  const prefix = incidentId.toLowerCase();
  const suffix = attempt > 1 ? `-${attempt}` : '';
  const slug = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/-{2,}/gu, '-')
    .replace(/^-|-$/gu, '');
  const room = MAX_LENGTH - prefix.length - suffix.length - 1;
  const cut = [...slug].slice(0, room).join('').replace(/-$/u, '');
  return cut ? `${prefix}-${cut}${suffix}` : `${prefix}${suffix}`;
}
