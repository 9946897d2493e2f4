/**
 * What antd needs from a browser that jsdom does not provide. Component tests import this file
 * first (the shared jest config has no setup file per project).
 */

// antd's responsive grid asks for matchMedia.
window.matchMedia ??= ((query: string) => ({
  matches: false,
  media: query,
  onchange: null,
  addListener: () => undefined,
  removeListener: () => undefined,
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
  dispatchEvent: () => false,
})) as typeof window.matchMedia;

// @rc-component/form schedules watchers as a macrotask through MessageChannel.
class TimeoutMessageChannel {
  readonly port1: { onmessage: ((event: { data: unknown }) => void) | null } = { onmessage: null };
  readonly port2 = {
    postMessage: (data: unknown) => {
      setTimeout(() => this.port1.onmessage?.({ data }), 0);
    },
  };
}
globalThis.MessageChannel ??= TimeoutMessageChannel as unknown as typeof MessageChannel;
