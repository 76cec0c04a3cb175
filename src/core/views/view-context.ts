// What every view needs to speak to one viewer: their language, the organisation's time zone,
// the clock, and names for the ids kept in records.
import type { Bilingual, Locale } from '../i18n/locale.js';
import type { Directory } from '../parties/directory.js';
import type { Contact, Party, Person } from '../parties/model.js';
import { PARTY_ROLE_LABELS } from '../parties/party-roles.js';
import { formatDateTime, formatTime } from '../text/datetime.js';
import { formatDuration } from '../text/duration.js';

export class ViewContext {
  constructor(
    readonly locale: Locale,
    readonly directory: Directory,
    readonly timeZone: string,
    readonly now: Date,
    /** Who the view is for; decides whose personal contact routes may be shown. */
    readonly viewer?: Person,
    /**
     * Shown in a channel shared with other organisations (Slack Connect): other parties read
     * along, so personal contact routes are left out.
     */
    readonly sharedChannel = false,
  ) {}

  t(text: Bilingual): string {
    return text[this.locale];
  }

  get ja(): boolean {
    return this.locale === 'ja';
  }

  /** "佐藤 花子（つばき市）" / "Hanako Sato (Tsubaki City)"; unknown ids are shown as they are. */
  person(id: string | undefined): string {
    if (!id) return this.t({ ja: '未割当', en: 'unassigned' });
    const person = this.directory.person(id);
    if (!person) return id;
    return this.personWithParty(person);
  }

  personWithParty(person: Person): string {
    const party = this.directory.party(person.partyId);
    const name = this.t(person.name);
    if (!party) return name;
    const short = this.t(party.shortName);
    return this.ja ? `${name}（${short}）` : `${name} (${short})`;
  }

  /** A party's short name, for tables and labels. */
  party(id: string): string {
    const party = this.directory.party(id);
    return party ? this.t(party.shortName) : id;
  }

  partyWithRole(party: Party): string {
    const role = this.t(PARTY_ROLE_LABELS[party.role]);
    return this.ja ? `${this.t(party.name)}（${role}）` : `${this.t(party.name)} (${role})`;
  }

  dateTime(at: string | Date): string {
    return formatDateTime(at, this.timeZone);
  }

  time(at: string | Date): string {
    return formatTime(at, this.timeZone);
  }

  duration(ms: number): string {
    return this.t(formatDuration(ms));
  }

  /** "3分前" / "3 min ago"; "あと3分" / "in 3 min". */
  relative(at: string): string {
    const delta = Date.parse(at) - this.now.getTime();
    const span = this.duration(Math.abs(delta));
    if (delta >= 0) return this.ja ? `あと${span}` : `in ${span}`;
    return this.ja ? `${span}前` : `${span} ago`;
  }

  contact(contact: Contact): string {
    const icon = { phone: '☎', email: '✉', url: '🔗', chat: '💬', other: '•' }[contact.kind];
    const label = contact.label ? ` ${this.t(contact.label)}` : '';
    const oob = contact.outOfBand
      ? this.t({ ja: '［チャット不通時も可］', en: ' [works when chat is down]' })
      : '';
    return `${icon} ${contact.value}${label}${oob}`;
  }

  /**
   * A person's own contact routes (mobile, e-mail), or '' when the viewer may not see them. The
   * customer and its SIers (the operator under contract, who needs out-of-band routes at 3 a.m.)
   * see everyone's; a provider's people see only their own party's. Party-level routes (hotlines,
   * support portals) are always shown.
   */
  personalContacts(person: Person): string {
    const viewer = this.viewer;
    if (!viewer || this.sharedChannel) return '';
    const sameParty = viewer.partyId === person.partyId;
    if (!sameParty && this.directory.partyOf(viewer).role === 'provider') return '';
    return person.contacts.map((c) => this.contact(c)).join('  ');
  }

  list(items: readonly string[]): string {
    return items.join(this.ja ? '、' : ', ');
  }
}
