// A chat platform kept in memory, for tests of the core's delivery: the ChatSpace port (the network
// boundary) implemented by recording what would have been posted and to whom. Channels listed in
// `sharedChannels` read as shared; people without an identity on the platform cannot be reached.
import type { Person, Platform } from '../../src/core/parties/model.js';
import type { Reply } from '../../src/core/reply.js';
import type { ChatSpace, IncidentChannelRequest } from '../../src/core/rooms/chat-space.js';

export interface RecordedPost {
  readonly channel: string;
  readonly reply: Reply;
}

export interface RecordedDirect {
  readonly person: string;
  readonly reply: Reply;
}

export class RecordingSpace implements ChatSpace {
  readonly posts: RecordedPost[] = [];
  readonly directs: RecordedDirect[] = [];
  readonly sharedChannels = new Set<string>();
  /** Set to make every call fail, as when the platform is unreachable. */
  down = false;
  private opened = 0;

  constructor(readonly platform: Platform) {}

  /** Posts other than live cards (which are updated in place, not posted again). */
  get messages(): RecordedPost[] {
    return this.posts.filter((p) => p.reply.subject === undefined);
  }

  openIncidentChannel(request: IncidentChannelRequest): Promise<string | undefined> {
    this.check();
    this.opened += 1;
    return Promise.resolve(`${this.platform}-room-${request.incidentId}-${this.opened}`);
  }

  setTopic(): Promise<void> {
    this.check();
    return Promise.resolve();
  }

  invite(): Promise<void> {
    this.check();
    return Promise.resolve();
  }

  publish(channelId: string, reply: Reply): Promise<void> {
    this.check();
    this.posts.push({ channel: channelId, reply });
    return Promise.resolve();
  }

  isShared(channelId: string): Promise<boolean> {
    return Promise.resolve(this.sharedChannels.has(channelId));
  }

  sendDirect(person: Person, reply: Reply): Promise<boolean> {
    this.check();
    if (!person.chat[this.platform]?.length) return Promise.resolve(false);
    this.directs.push({ person: person.id, reply });
    return Promise.resolve(true);
  }

  /** Configured channel names (tsunagi.yaml) that exist here, and their ids; none unless a test adds them. */
  readonly channels = new Map<string, string>();

  resolveChannel(name: string): Promise<string | undefined> {
    return Promise.resolve(this.channels.get(name));
  }

  clear(): void {
    this.posts.length = 0;
    this.directs.length = 0;
  }

  private check(): void {
    if (this.down) throw new Error(`${this.platform} is unreachable`);
  }
}
