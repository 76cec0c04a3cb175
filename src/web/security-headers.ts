// Headers on every /tab response. The board may be framed only by Teams and the other Microsoft 365
// hosts that run Teams apps, runs only its own scripts, and never sends its address (which may carry
// a signed link) to anyone.
import type { RequestHandler } from 'express';

/**
 * The hosts that may frame the tab: Microsoft's list for Teams tabs, "Set Content Security Policy
 * headers to allow Teams and any other host applications of your app" in "Prerequisites and
 * considerations for tabs" (https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements):
 * all hosts *.cloud.microsoft (where Teams, Outlook and Microsoft 365 web clients are moving; the
 * page says to keep the older entries alongside it); Teams teams.microsoft.com, *.teams.microsoft.com;
 * the Microsoft 365 app *.microsoft365.com, *.office.com; Outlook outlook.office.com,
 * outlook.office365.com (and the -sdf rings listed there). teams.cloud.microsoft is named on its own
 * as in the page's earlier version.
 */
export const TEAMS_FRAME_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
] as const;

export const BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // TeamsJS refreshes its list of valid host origins from Microsoft's CDN (and falls back to the
  // list it ships with when it cannot).
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  `frame-ancestors 'self' ${TEAMS_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

export const boardSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', BOARD_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};
