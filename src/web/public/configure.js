// The configuration page Teams shows when someone adds the board as a channel tab: it tells Teams
// which page the tab shows, then lets the person save.
'use strict';

(function () {
  const status = document.getElementById('configure-status');
  const say = (ja, en) => {
    status.replaceChildren();
    for (const [lang, text] of [
      ['ja', ja],
      ['en', en],
    ]) {
      const p = document.createElement('p');
      p.lang = lang;
      p.textContent = text;
      status.append(p);
    }
  };
  const sdk = window.microsoftTeams;
  if (!sdk || !sdk.app || !sdk.pages) {
    say(
      'このページは Teams でタブを追加するときに使われます。Teams の中で開いてください。',
      'This page is used by Teams when the tab is added. Please open it from Teams.',
    );
    return;
  }
  const timeout = new Promise((_resolve, reject) => {
    setTimeout(() => reject(new Error('timeout')), 1500);
  });
  Promise.race([sdk.app.initialize(), timeout])
    .then(() => sdk.app.getContext())
    .then((context) => {
      const ja = String((context && context.app && context.app.locale) || 'ja')
        .toLowerCase()
        .startsWith('ja');
      document.documentElement.lang = ja ? 'ja' : 'en';
      sdk.pages.config.registerOnSaveHandler((saveEvent) => {
        const origin = window.location.origin;
        sdk.pages.config
          .setConfig({
            entityId: 'board',
            contentUrl: `${origin}/tab/?context=channel`,
            websiteUrl: `${origin}/tab/`,
            suggestedDisplayName: ja ? 'インシデントボード' : 'Incident board',
          })
          .then(
            () => saveEvent.notifySuccess(),
            (error) => saveEvent.notifyFailure(String(error)),
          );
      });
      sdk.pages.config.setValidityState(true);
      say('「保存」を押すと、タブが追加されます。', 'Press Save to add the tab.');
    })
    .catch(() => {
      say(
        'Teams に接続できませんでした。このページは Teams の中で開いてください。',
        'Could not connect to Teams. Please open this page from Teams.',
      );
    });
})();
