// The incident board page. Inside Teams it joins the host (TeamsJS) for the language, theme, team
// and channel, and signs in with Teams SSO when the bot has it; opened anywhere else it says so and
// uses the signed link the bot handed out (/tsunagi board). The page holds no data of its own: it
// asks /tab/api/board, which answers only an authenticated person; each incident's evidence is
// downloaded as a zip the same way (the download is recorded in the ledger by the bot). Hand-written,
// no framework; every text from the server is inserted as text, never as HTML.
'use strict';

(function () {
  const LINK_KEY = 'tsunagi.board.link';
  const TEAMS_WAIT_MS = 1500;
  const SSO_WAIT_MS = 8000;
  const REFRESH_MS = 60_000;

  const TEXT = {
    ja: {
      title: 'Tsunagi インシデントボード',
      outside: 'Teams の外で表示しています',
      outsideHint:
        'ブラウザで開いています。表示には、チャットで /tsunagi board と送って受け取るリンク（有効期限 8 時間）を使います。',
      inTeams: 'Teams',
      heading: (n) => `対応中のインシデント（${n}件）`,
      none: 'あなたの組織が見られる対応中のインシデントはありません。',
      viewer: (v) => `${v.name}（${v.party}・${v.partyRole}）として表示しています`,
      severity: '重大度',
      status: '状態',
      roles: '役割',
      services: '対象サービス',
      nextUpdate: '次回の報告',
      declared: '宣言',
      latest: '最新のタイムライン',
      noTimeline: '表示できる記録はありません。',
      noServices: '未指定',
      noUpdateYet: '第一報はまだです',
      noNextUpdate: '予定なし',
      overdue: '遅れています',
      internal: '内部メモ（利用者のみ）',
      updated: (time, zone) => `${time} 時点（1分ごとに更新）。時刻は ${zone} で表示しています。`,
      loading: '読み込み中…',
      skip: '本文へ',
      justNow: 'たった今',
      soon: 'まもなく',
      evidence: '証跡',
      download: (n) => `証跡をダウンロード（ZIP、${n}件）`,
      downloadHint: 'ダウンロードは書き出しとして台帳に記録されます。',
      downloading: 'ダウンロードを準備しています…',
      downloaded: (name) => `${name} をダウンロードしました。`,
      noEvidence: 'あなたがダウンロードできる証跡はありません。',
    },
    en: {
      title: 'Tsunagi incident board',
      outside: 'opened outside Teams',
      outsideHint:
        'Opened in a browser, with the link the bot gives you for /tsunagi board in chat (valid for 8 hours).',
      inTeams: 'Teams',
      heading: (n) => `Open incidents (${n})`,
      none: 'There are no open incidents your organisation may see.',
      viewer: (v) => `Viewing as ${v.name} (${v.party}, ${v.partyRole})`,
      severity: 'Severity',
      status: 'Status',
      roles: 'Roles',
      services: 'Services',
      nextUpdate: 'Next update',
      declared: 'Declared',
      latest: 'Latest on the timeline',
      noTimeline: 'Nothing to show yet.',
      noServices: 'none given',
      noUpdateYet: 'No stakeholder update yet',
      noNextUpdate: 'none planned',
      overdue: 'overdue',
      internal: 'internal note (customer only)',
      updated: (time, zone) => `As of ${time} (refreshed every minute). Times are shown in ${zone}.`,
      loading: 'Loading…',
      skip: 'Skip to content',
      justNow: 'just now',
      soon: 'in under a minute',
      evidence: 'Evidence',
      download: (n) => `Download evidence (zip, ${n} item${n === 1 ? '' : 's'})`,
      downloadHint: 'Each download is recorded in the ledger as an export.',
      downloading: 'Preparing the download…',
      downloaded: (name) => `Downloaded ${name}.`,
      noEvidence: 'There is no evidence you may download.',
    },
  };

  const NETWORK_ERROR = {
    ja: 'ボットに接続できませんでした。ネットワークを確認して、再読み込みしてください。',
    en: 'Could not reach the bot. Check the network and reload the page.',
  };

  const $ = (id) => document.getElementById(id);
  const toLocale = (tag) =>
    String(tag || '')
      .toLowerCase()
      .startsWith('ja')
      ? 'ja'
      : 'en';
  const browserLocale = toLocale(navigator.language);

  const state = {
    locale: browserLocale,
    mode: 'loading',
    teams: null,
    source: null,
    timer: undefined,
  };
  const t = () => TEXT[state.locale];

  /** Makes an element; string children become text nodes (never HTML). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child !== undefined && child !== null && child !== false) node.append(child);
    }
    return node;
  }

  function withTimeout(promise, ms) {
    return Promise.race([
      promise,
      new Promise((_resolve, reject) => {
        setTimeout(() => reject(new Error('timeout')), ms);
      }),
    ]);
  }

  /** The signed link's token: from ?t= (then dropped from the address bar), else kept for this tab. */
  function takeLinkToken() {
    const url = new URL(window.location.href);
    const fromUrl = url.searchParams.get('t');
    if (fromUrl) {
      try {
        sessionStorage.setItem(LINK_KEY, fromUrl);
      } catch {
        // Storage may be blocked in a frame; the token still works for this page view.
      }
      url.searchParams.delete('t');
      window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
      return fromUrl;
    }
    try {
      return sessionStorage.getItem(LINK_KEY);
    } catch {
      return null;
    }
  }

  function forgetLinkToken() {
    try {
      sessionStorage.removeItem(LINK_KEY);
    } catch {
      // Nothing kept, nothing to forget.
    }
  }

  /** Joins Teams when the page runs inside it; resolves null elsewhere, within about 1.5 s. */
  async function joinTeams() {
    const sdk = window.microsoftTeams;
    if (!sdk || !sdk.app || typeof sdk.app.initialize !== 'function') return null;
    try {
      await withTimeout(
        Promise.resolve().then(() => sdk.app.initialize()),
        TEAMS_WAIT_MS,
      );
      const context = await withTimeout(sdk.app.getContext(), TEAMS_WAIT_MS);
      try {
        sdk.app.notifySuccess();
      } catch {
        // Older hosts do not wait for it.
      }
      return { sdk, context };
    } catch {
      return null;
    }
  }

  function applyTheme(theme) {
    const root = document.documentElement;
    root.classList.remove('theme-default', 'theme-dark', 'theme-contrast');
    const known = ['default', 'dark', 'contrast'];
    root.classList.add(`theme-${known.includes(theme) ? theme : 'default'}`);
  }

  function applyLocale(locale) {
    state.locale = locale;
    document.documentElement.lang = locale;
    document.title = t().title;
    $('skip-link').textContent = t().skip;
    renderHeader();
  }

  function renderHeader() {
    const title = $('title');
    const where = $('where');
    if (state.mode === 'standalone') {
      title.replaceChildren(`${t().title} — ${t().outside}`);
      where.textContent = t().outsideHint;
    } else if (state.mode === 'teams') {
      title.replaceChildren(t().title);
      const ctx = state.teams.context || {};
      const place = [ctx.team && ctx.team.displayName, ctx.channel && ctx.channel.displayName].filter(
        Boolean,
      );
      where.textContent = place.length ? `${t().inTeams}: ${place.join(' › ')}` : t().inTeams;
    } else {
      title.replaceChildren(t().title);
      where.textContent = '';
    }
  }

  /** A bilingual message, the reader's language first; each part carries its own lang. */
  function showMessage(message, kind) {
    const box = $('message');
    box.className = `notice ${kind}`;
    box.setAttribute('role', kind === 'refusal' ? 'alert' : 'status');
    const order = state.locale === 'ja' ? ['ja', 'en'] : ['en', 'ja'];
    box.replaceChildren(...order.filter((l) => message[l]).map((l) => el('p', { lang: l }, message[l])));
    box.hidden = false;
  }

  function showRefusal(error) {
    $('board').hidden = true;
    $('incidents').replaceChildren();
    $('viewer').hidden = true;
    showMessage(error, 'refusal');
  }

  const formatTime = (iso) =>
    new Intl.DateTimeFormat(state.locale === 'ja' ? 'ja-JP' : 'en-GB', {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));

  function relative(iso) {
    const diff = Date.parse(iso) - Date.now();
    const format = new Intl.RelativeTimeFormat(state.locale, { numeric: 'auto' });
    if (Math.abs(diff) < 60_000) return diff >= 0 ? t().soon : t().justNow;
    const minutes = Math.round(diff / 60_000);
    if (Math.abs(minutes) < 90) return format.format(minutes, 'minute');
    const hours = Math.round(diff / 3_600_000);
    if (Math.abs(hours) < 48) return format.format(hours, 'hour');
    return format.format(Math.round(diff / 86_400_000), 'day');
  }

  const paren = (text) => (state.locale === 'ja' ? `（${text}）` : ` (${text})`);

  function timeElement(iso) {
    return el('time', { datetime: iso }, formatTime(iso));
  }

  function fact(label, ...value) {
    return el('div', { class: 'fact' }, el('dt', {}, label), el('dd', {}, ...value));
  }

  function nextUpdate(incident) {
    if (incident.nextUpdateDue) {
      const when = [timeElement(incident.nextUpdateDue), paren(relative(incident.nextUpdateDue))];
      return incident.updateOverdue
        ? el('span', { class: 'overdue' }, '⚠ ', ...when, ` — ${t().overdue}`)
        : el('span', {}, ...when);
    }
    const open = incident.status === 'investigating' || incident.status === 'contained';
    if (open && incident.updateCount === 0) return el('span', { class: 'overdue' }, t().noUpdateYet);
    return el('span', {}, t().noNextUpdate);
  }

  /** Fetches the zip with the same sign-in as the board and hands it to the browser as a download. */
  async function downloadEvidence(incident, button, status) {
    const source = state.source;
    if (!source) return;
    button.disabled = true;
    status.textContent = t().downloading;
    try {
      const token = await source.token();
      let response;
      try {
        response = await fetch(incident.evidenceUrl, {
          headers: { Authorization: `Bearer ${token}` },
          cache: 'no-store',
          credentials: 'omit',
        });
      } catch {
        status.textContent = NETWORK_ERROR[state.locale];
        return;
      }
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        status.textContent = (body && body.error && body.error[state.locale]) || NETWORK_ERROR[state.locale];
        return;
      }
      const disposition = response.headers.get('content-disposition') || '';
      const name = (/filename="([^"]+)"/u.exec(disposition) || [])[1] || `evidence-${incident.id}.zip`;
      const url = URL.createObjectURL(await response.blob());
      const link = el('a', { href: url, download: name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      status.textContent = t().downloaded(name);
    } finally {
      button.disabled = false;
    }
  }

  function evidenceSection(incident) {
    if (!incident.evidence) return el('p', { class: 'muted evidence' }, t().noEvidence);
    const status = el('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
    const button = el('button', { type: 'button', class: 'download' }, t().download(incident.evidence));
    button.addEventListener('click', () => void downloadEvidence(incident, button, status));
    return el('div', { class: 'evidence' }, button, el('p', { class: 'muted' }, t().downloadHint), status);
  }

  function card(incident) {
    const titleId = `${incident.id}-title`;
    const roles = el(
      'ul',
      { class: 'roles' },
      ...incident.roles.map((r) => el('li', {}, el('span', { class: 'role' }, r.label), ': ', r.name)),
    );
    const services = incident.services.length
      ? incident.services
          .map((s) => (s.name === s.id ? s.id : `${s.name}${paren(s.id)}`))
          .join(state.locale === 'ja' ? '、' : ', ')
      : t().noServices;
    const timeline = incident.latest.length
      ? el(
          'ol',
          { class: 'timeline' },
          ...incident.latest.map((entry) =>
            el(
              'li',
              { class: entry.internal ? 'internal' : undefined },
              timeElement(entry.time),
              ' ',
              el('span', { class: 'icon', 'aria-hidden': 'true' }, entry.icon),
              entry.internal ? el('span', { class: 'visually-hidden' }, `${t().internal}: `) : null,
              el('span', { class: 'actor' }, entry.actor),
              ': ',
              el('span', { class: 'text' }, entry.text),
            ),
          ),
        )
      : el('p', { class: 'muted' }, t().noTimeline);
    return el(
      'li',
      { class: `incident sev-${incident.severity} status-${incident.status}`, 'data-incident': incident.id },
      el(
        'article',
        { 'aria-labelledby': titleId },
        el(
          'div',
          { class: 'card-head' },
          el(
            'span',
            { class: 'badge sev-badge' },
            el('span', { class: 'visually-hidden' }, `${t().severity}: `),
            incident.severityLabel,
          ),
          el(
            'span',
            { class: 'badge status-badge' },
            el('span', { class: 'visually-hidden' }, `${t().status}: `),
            incident.statusLabel,
          ),
        ),
        el('h3', { id: titleId }, el('span', { class: 'inc-id' }, incident.id), ' ', incident.title),
        el(
          'dl',
          { class: 'facts' },
          fact(t().roles, roles),
          fact(t().services, services),
          fact(t().nextUpdate, nextUpdate(incident)),
          fact(t().declared, timeElement(incident.declaredAt), paren(relative(incident.declaredAt))),
        ),
        el('h4', {}, t().latest),
        timeline,
        el('h4', {}, t().evidence),
        evidenceSection(incident),
      ),
    );
  }

  function render(data) {
    applyLocale(data.locale === 'en' ? 'en' : 'ja');
    const viewer = $('viewer');
    viewer.textContent = t().viewer(data.viewer);
    viewer.hidden = false;
    $('message').hidden = true;
    $('board-heading').textContent = t().heading(data.incidents.length);
    const list = $('incidents');
    if (data.incidents.length === 0) {
      list.replaceChildren(el('li', { class: 'empty' }, t().none));
    } else {
      list.replaceChildren(...data.incidents.map(card));
    }
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    $('updated').textContent = t().updated(formatTime(data.generatedAt), zone);
    $('board').hidden = false;
    document.body.dataset.state = 'ready';
  }

  async function fetchBoard(token) {
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    let response;
    try {
      response = await fetch(`/tab/api/board?locale=${state.locale}`, {
        headers,
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      return { ok: false, status: 0, error: NETWORK_ERROR };
    }
    const body = await response.json().catch(() => null);
    if (response.ok && body && Array.isArray(body.incidents)) return { ok: true, data: body };
    return {
      ok: false,
      status: response.status,
      code: body && body.code,
      error: body && body.error && body.error.ja ? body.error : NETWORK_ERROR,
    };
  }

  /** Tries each way of proving who is reading (Teams SSO, then the link); shows the first board. */
  async function load(sources) {
    let refusal = null;
    for (const source of sources) {
      let token;
      try {
        token = await source.token();
      } catch {
        continue; // e.g. SSO not set up for this app: try the next way
      }
      const result = await fetchBoard(token);
      if (result.ok) {
        state.source = source;
        render(result.data);
        return true;
      }
      if (source.kind === 'link' && (result.code === 'link_expired' || result.code === 'link_invalid')) {
        forgetLinkToken();
      }
      refusal = result;
    }
    // No way worked: the API's own answer to a request without a token says what to do.
    if (!refusal) refusal = await fetchBoard(null);
    document.body.dataset.state = 'refused';
    showRefusal(refusal.error);
    return false;
  }

  async function refresh() {
    if (!state.source) return;
    const ok = await load([state.source]);
    if (!ok) {
      clearInterval(state.timer);
      state.source = null;
    }
  }

  async function main() {
    const link = takeLinkToken();
    applyLocale(browserLocale);
    const teams = await joinTeams();
    if (teams) {
      state.teams = teams;
      state.mode = 'teams';
      const app = (teams.context && teams.context.app) || {};
      applyTheme(app.theme);
      try {
        teams.sdk.app.registerOnThemeChangeHandler(applyTheme);
      } catch {
        // The theme stays as it was.
      }
      applyLocale(toLocale(app.locale || browserLocale));
    } else {
      state.mode = 'standalone';
      renderHeader();
    }
    document.body.dataset.mode = state.mode;
    showMessage({ ja: TEXT.ja.loading, en: TEXT.en.loading }, 'info');

    const sources = [];
    if (teams && teams.sdk.authentication && typeof teams.sdk.authentication.getAuthToken === 'function') {
      sources.push({
        kind: 'sso',
        token: () => withTimeout(teams.sdk.authentication.getAuthToken(), SSO_WAIT_MS),
      });
    }
    if (link) sources.push({ kind: 'link', token: () => Promise.resolve(link) });
    if (await load(sources)) {
      state.timer = setInterval(() => void refresh(), REFRESH_MS);
    }
  }

  void main();
})();
