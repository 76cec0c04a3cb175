// What the core asks of a chat platform to run incidents in rooms: its own channel per incident,
// invitations, and messages that are posted once and then kept up to date. Slack implements it
// with channels, Teams with threads; the core never knows which.
import type { Person, Platform } from '../parties/model.js';
import type { Reply } from '../reply.js';

export interface IncidentChannelRequest {
  readonly incidentId: string;
  readonly title: string;
  /** One line: severity, status and commander, for the channel topic. */
  readonly topic: string;
  readonly links: readonly { readonly title: string; readonly url: string }[];
  /** Where incident rooms live on this platform, from tsunagi.yaml `channels.incidents` (Teams threads). */
  readonly parent?: string;
}

export interface ChatSpace {
  readonly platform: Platform;
  /** Creates the incident's own channel (or thread) and returns its id; undefined when there is nowhere to. */
  openIncidentChannel(request: IncidentChannelRequest): Promise<string | undefined>;
  /** Keeps the channel's topic current. */
  setTopic(channelId: string, topic: string): Promise<void>;
  /** Adds people to a channel; people without an identity on this platform are skipped. */
  invite(channelId: string, people: readonly Person[]): Promise<void>;
  /**
   * Posts a reply. A reply with a `subject` is a live card: the first post creates it, later
   * posts of the same subject to the same channel update that message in place.
   */
  publish(channelId: string, reply: Reply): Promise<void>;
  /**
   * Whether people of another organisation can read the channel (Slack Connect, Teams shared
   * channels). Unknown counts as shared: it is the safe answer for what may be posted there.
   */
  isShared(channelId: string): Promise<boolean>;
  /**
   * Sends a reply to one person privately (a direct message or 1:1 chat). Returns false when the
   * person has no identity on this platform, so the caller can try another route.
   */
  sendDirect(person: Person, reply: Reply): Promise<boolean>;
  /** The id of a configured channel (tsunagi.yaml `channels`), or undefined when it cannot be found. */
  resolveChannel(name: string): Promise<string | undefined>;
}
