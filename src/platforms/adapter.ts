// What the composition root needs from a platform: start, stop, and (for the console) a signal
// that it has finished by itself.

export interface PlatformAdapter {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the adapter ends on its own (the console at end of input); servers never do. */
  readonly finished?: Promise<void>;
}
