// The opening of a person's home view (Slack's App Home): what Tsunagi is for and the first
// things to do. The incident list follows it.
import { reply, type Reply } from '../reply.js';
import type { ViewContext } from './view-context.js';

export function homeIntro(v: ViewContext): Reply {
  const title = v.t({ ja: 'つなぎ（Tsunagi）— インシデント対応', en: 'Tsunagi — incident response' });
  return reply(title, [
    { type: 'header', text: title },
    {
      type: 'text',
      text: v.t({
        ja: 'インシデントの宣言・役割・報告・タイムラインを、利用者組織・SIer・クラウド事業者で共有します。どのチャンネルでも /incident が使えます。',
        en: 'Declare incidents and share roles, updates and the timeline between the customer, its SIer and the cloud provider. /incident works in any channel.',
      }),
    },
    {
      type: 'actions',
      actions: [
        {
          label: v.t({ ja: 'インシデントを宣言', en: 'Declare an incident' }),
          command: '/incident declare',
          style: 'danger',
          needsInput: true,
        },
        { label: v.t({ ja: 'ヘルプ', en: 'Help' }), command: '/help' },
      ],
    },
  ]);
}
