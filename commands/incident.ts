// /incident: declare and run an incident from first report to closure. Each subcommand lives in
// its own file under commands/incident/.
import { defineCommand } from '../src/router/command-spec.js';
import { declare } from './incident/declare.js';
import { invite } from './incident/invite.js';
import { list } from './incident/list.js';
import { note } from './incident/note.js';
import { role } from './incident/role.js';
import { sev } from './incident/sev.js';
import { close, contain, reopen, resolve } from './incident/status-changes.js';
import { status } from './incident/status.js';
import { timeline } from './incident/timeline.js';
import { update } from './incident/update.js';
import { review } from './incident/review.js';
import { lesson } from './incident/lesson.js';
import { action } from './incident/action.js';
import { evidence } from './incident/evidence.js';

export const incidentCommand = defineCommand({
  name: 'incident',
  aliases: ['inc', 'インシデント'],
  summary: { ja: 'インシデント対応', en: 'Incident response' },
  subcommands: [
    declare,
    status,
    list,
    sev,
    role,
    invite,
    note,
    update,
    timeline,
    evidence,
    contain,
    resolve,
    close,
    reopen,
    review,
    lesson,
    action,
  ],
});
