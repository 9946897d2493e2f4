// Component tests run Taro's H5 runtime in jsdom: the build-time constants its code and ours read
// (webpack's DefinePlugin sets them in a real build).
process.env.TARO_ENV = 'h5';
process.env.TARO_PLATFORM = 'web';
globalThis.SIYU_API_BASE_URL = '';
globalThis.SIYU_SHIPPING_NOTICE_TEMPLATE_IDS = [];
globalThis.DEPRECATED_ADAPTER_COMPONENT = false;
for (const flag of [
  'ENABLE_INNER_HTML',
  'ENABLE_ADJACENT_HTML',
  'ENABLE_SIZE_APIS',
  'ENABLE_TEMPLATE_CONTENT',
  'ENABLE_CLONE_NODE',
  'ENABLE_CONTAINS',
  'ENABLE_MUTATION_OBSERVER',
]) {
  globalThis[flag] = true;
}
