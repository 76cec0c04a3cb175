// /notices: providers' change notices in channels. Subscriptions (subscribe, list, unsubscribe),
// the sources (sources, poll), the notices themselves (recent, show) and triage (what a notice
// card's buttons run). Each group lives in its own file under commands/notices/.
import { defineCommand } from '../src/router/command-spec.js';
import { show, recent } from './notices/show.js';
import { poll, sources } from './notices/sources.js';
import { list, subscribe, unsubscribe } from './notices/subscribe.js';
import { triage } from './notices/triage.js';

export const noticesCommand = defineCommand({
  name: 'notices',
  aliases: ['notice', '通知'],
  summary: { ja: 'クラウド事業者の変更通知', en: "Providers' change notices" },
  subcommands: [subscribe, list, unsubscribe, recent, show, triage, sources, poll],
});
