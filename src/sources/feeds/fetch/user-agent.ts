// How Tsunagi names itself to feed hosts and provider APIs, so their operators can tell its polling
// apart from browsers and reach for the right contact when it misbehaves.
export const TSUNAGI_USER_AGENT = `Tsunagi/1 (provider change notice poller; Node.js ${process.versions.node})`;
