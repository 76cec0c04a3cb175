// Recording triage decisions on notices: "not relevant" with its reason, a settings review asked of
// the party responsible for each service's settings, and a change discussion (CHG-n) opened with
// the notice attached. Each is checked (who may decide, what was decided before: notice-triage.ts),
// recorded in the ledger with who took it, and taken once per notice.
import { UserInputError } from '../errors.js';
import { KeyedMutex } from '../keyed-mutex.js';
import type { Directory } from '../parties/directory.js';
import type { Person } from '../parties/model.js';
import { maskSecrets } from '../secrets/mask-secrets.js';
import type { Repository } from '../../store/repository.js';
import { changeProjection, type ChangeRecord } from './change-projection.js';
import { assertCanTriage } from './notice-access.js';
import { changeIdFor, type NoticeEventData, type TriageAction } from './notice-events.js';
import {
  noticeProjection,
  type NoticeRecord,
  type NoticesState,
  type TriageRecord,
} from './notice-projection.js';
import { priorTriage, reviewTask } from './notice-triage.js';

export interface TriageOutcome {
  readonly notice: NoticeRecord;
  /** The decision recorded now, or the earlier one when this action was already taken. */
  readonly triage: TriageRecord;
  readonly already: boolean;
  readonly change?: ChangeRecord;
}

const MAX_REASON = 1000;
const MAX_CHANGE_TITLE = 200;

export class NoticeTriageActions {
  private readonly mutex = new KeyedMutex();
  private reservedChange = 0;

  constructor(
    private readonly repository: Repository,
    private readonly directory: Directory,
    private readonly timeZone: string,
    /** Finds a notice by what someone typed (NoticeService.get), or throws NotFoundError. */
    private readonly find: (id: string) => NoticeRecord,
  ) {}

  private get state(): NoticesState {
    return this.repository.state(noticeProjection);
  }

  change(id: string): ChangeRecord | undefined {
    return this.repository.state(changeProjection).byId[id.normalize('NFKC').trim().toUpperCase()];
  }

  /** "Not relevant", with the reason, so nobody looks at it again. */
  async notRelevant(actor: Person, id: string, reason: string): Promise<TriageOutcome> {
    const text = reason.trim();
    if (text === '') {
      throw new UserInputError(
        {
          ja: '関係なしと判断した理由を書いてください。後で見返す人の判断材料になります。',
          en: 'Say why it is not relevant: it is what the next person to look at it will go by.',
        },
        `/notices triage ${id} not-relevant --reason "…"`,
      );
    }
    if ([...text].length > MAX_REASON) {
      throw new UserInputError({
        ja: `理由が長すぎます（${[...text].length}文字）。${MAX_REASON}文字以内にしてください。`,
        en: `The reason is too long (${[...text].length} characters); keep it within ${MAX_REASON}.`,
      });
    }
    return this.triage(actor, id, 'not_relevant', () => Promise.resolve({ reason: maskSecrets(text).text }));
  }

  /** Asks the party responsible for each matched service's settings to review them. */
  reviewSettings(actor: Person, id: string): Promise<TriageOutcome> {
    return this.triage(actor, id, 'review_settings', (notice) =>
      Promise.resolve({ task: reviewTask(this.directory, notice) }),
    );
  }

  /** Opens CHG-n with the notice attached (reusing the one a crash left without its triage entry). */
  openChange(actor: Person, id: string): Promise<TriageOutcome> {
    return this.triage(actor, id, 'change_opened', async (notice) => {
      const changes = this.repository.state(changeProjection);
      let changeId = changes.byNotice[notice.id];
      if (!changeId) {
        const number = (this.reservedChange = Math.max(this.reservedChange, changes.lastNumber) + 1);
        changeId = changeIdFor(number);
        const title = [...notice.title].slice(0, MAX_CHANGE_TITLE).join('');
        await this.repository.commit({
          type: 'change.opened',
          subject: changeId,
          actor: { person: actor.id, party: actor.partyId },
          data: { number, title, notice: notice.id, by: actor.id },
        });
      }
      return { change: changeId };
    });
  }

  private async triage(
    actor: Person,
    id: string,
    action: TriageAction,
    decide: (
      notice: NoticeRecord,
    ) => Promise<Pick<NoticeEventData['notice.triaged'], 'reason' | 'task' | 'change'>>,
  ): Promise<TriageOutcome> {
    const { id: noticeId } = this.find(id);
    return this.mutex.run(noticeId, async () => {
      const record = this.state.byId[noticeId]!;
      assertCanTriage(this.directory, actor, record);
      const prior = priorTriage(this.directory, this.timeZone, record, action);
      if (prior) return { ...this.outcome(record.id, prior), already: true };
      const data = await decide(record);
      await this.repository.commit({
        type: 'notice.triaged',
        subject: record.id,
        actor: { person: actor.id, party: actor.partyId },
        data: { ...data, notice: record.id, action, by: actor.id },
      });
      const notice = this.state.byId[record.id]!;
      return { ...this.outcome(notice.id, notice.triage.at(-1)!), already: false };
    });
  }

  private outcome(id: string, triage: TriageRecord): Omit<TriageOutcome, 'already'> {
    const notice = this.state.byId[id]!;
    const change = triage.change ? this.change(triage.change) : undefined;
    return { notice, triage, ...(change ? { change } : {}) };
  }
}
