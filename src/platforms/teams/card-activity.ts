// A message activity carrying one Adaptive Card, with the reply's summary as the notification text.
import { CardFactory, type Activity } from 'botbuilder';

export function cardActivity(card: object, summary: string): Partial<Activity> {
  return { type: 'message', summary, attachments: [CardFactory.adaptiveCard(card)] };
}
