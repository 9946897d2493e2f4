/**
 * What antd needs from a browser that jsdom does not provide. Component tests import this file
 * first (the shared jest config has no setup file per project).
 */
import { TextDecoder, TextEncoder } from 'node:util';

// react-router encodes URLs with TextEncoder, which jest's jsdom environment leaves out.
globalThis.TextEncoder ??= TextEncoder as typeof globalThis.TextEncoder;
globalThis.TextDecoder ??= TextDecoder as typeof globalThis.TextDecoder;

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

// antd's Table, AutoComplete and Modal observe their size; jsdom has no layout, so nothing ever resizes.
class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;

// A modal measures the scrollbar through a ::-webkit-scrollbar style, which jsdom does not implement
// (it logs an error); the element's own style answers just as well without layout.
const elementStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = ((element: Element) => elementStyle(element)) as typeof window.getComputedStyle;
