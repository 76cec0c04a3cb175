// Who is asking for the board. Every request to the data API must carry either a signed link token
// (handed out by `/tsunagi board`) or, when SSO is configured, a Teams SSO token; both end in a
// person from tsunagi.yaml, and the board then shows what that person's party may see. Refusals say
// in both languages what to do next.
import type { Core } from '../core/core.js';
import type { Bilingual } from '../core/i18n/locale.js';
import type { Person } from '../core/parties/model.js';
import type { Logger } from '../observability/logger.js';
import { SsoUnavailableError, type SsoVerifier } from './sso.js';

export type BoardAuth =
  | { readonly person: Person; readonly via: 'link' | 'sso' }
  | { readonly status: 401 | 403 | 503; readonly code: string; readonly error: Bilingual };

const ASK_FOR_LINK = {
  ja: 'チャットでボットに新しいリンクを依頼してください: /tsunagi board',
  en: 'Ask the bot for a new link in chat: /tsunagi board',
};

const refusal = (status: 401 | 403 | 503, code: string, ja: string, en: string): BoardAuth => ({
  status,
  code,
  error: { ja, en },
});

export async function authenticate(
  header: string | undefined,
  deps: { core: Core; logger: Logger; sso?: SsoVerifier },
): Promise<BoardAuth> {
  const token = /^Bearer\s+(\S+)\s*$/iu.exec(header ?? '')?.[1];
  if (!token) {
    return refusal(
      401,
      'no_token',
      `インシデントボードを見るには、あなた専用のリンクが必要です。${ASK_FOR_LINK.ja}`,
      `You need your personal link to see the incident board. ${ASK_FOR_LINK.en}`,
    );
  }
  const { core, logger } = deps;
  // A JSON Web Token has three parts; a board link has two.
  if (token.split('.').length === 3) {
    if (!deps.sso) {
      return refusal(
        401,
        'sso_not_configured',
        `このボットでは Teams のシングルサインオンが設定されていません。${ASK_FOR_LINK.ja}`,
        `Teams single sign-on is not set up for this bot. ${ASK_FOR_LINK.en}`,
      );
    }
    let aadObjectId: string;
    try {
      ({ aadObjectId } = await deps.sso.verify(token));
    } catch (error) {
      if (error instanceof SsoUnavailableError) {
        logger.warn({ err: error.cause ?? error }, 'board: SSO signing keys unavailable');
        return refusal(
          503,
          'sso_unavailable',
          'Teams のサインイン情報を今は確認できません。少し待ってから再読み込みしてください。',
          'Your Teams sign-in cannot be checked just now. Please reload in a moment.',
        );
      }
      logger.info({ reason: (error as Error).message }, 'board: SSO token refused');
      return refusal(
        401,
        'sso_refused',
        `Teams のサインイン情報を確認できませんでした。${ASK_FOR_LINK.ja}`,
        `Your Teams sign-in could not be verified. ${ASK_FOR_LINK.en}`,
      );
    }
    const person = core.directory.personByChat('teams', aadObjectId);
    if (!person) {
      logger.info({ aadObjectId }, 'board: SSO user not listed in tsunagi.yaml');
      return refusal(
        403,
        'not_listed',
        `あなたの Teams アカウント（${aadObjectId}）は tsunagi.yaml に登録されていません。管理者に people の chat.teams への追加を依頼してください。`,
        `Your Teams account (${aadObjectId}) is not listed in tsunagi.yaml. Ask an administrator to add it under people, chat.teams.`,
      );
    }
    return { person, via: 'sso' };
  }

  const links = core.boardLinks;
  if (!links) {
    return refusal(
      401,
      'links_disabled',
      'このボットではボード用リンクが使えません。',
      'Board links are not available on this bot.',
    );
  }
  const check = links.verify(token, core.now());
  if ('problem' in check) {
    logger.info({ problem: check.problem }, 'board: link refused');
    return check.problem === 'expired'
      ? refusal(
          401,
          'link_expired',
          `このリンクの有効期限（発行から 8 時間）が切れました。${ASK_FOR_LINK.ja}`,
          `This link has expired (links last 8 hours). ${ASK_FOR_LINK.en}`,
        )
      : refusal(
          401,
          'link_invalid',
          `このリンクは無効です（途中で切れているか、書き換えられています）。${ASK_FOR_LINK.ja}`,
          `This link is not valid (cut short or altered). ${ASK_FOR_LINK.en}`,
        );
  }
  const person = core.directory.person(check.personId);
  if (!person) {
    return refusal(
      403,
      'not_listed',
      'このリンクの持ち主は tsunagi.yaml に登録されていません。管理者に確認してください。',
      'The person this link was made for is no longer listed in tsunagi.yaml. Please check with an administrator.',
    );
  }
  return { person, via: 'link' };
}
