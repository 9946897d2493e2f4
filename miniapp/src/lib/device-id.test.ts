import { DEVICE_ID_PATTERN, deviceId, newDeviceId, resetDeviceIdForTests } from './device-id';

const mockStored = new Map<string, unknown>();
jest.mock('./storage', () => ({
  readStored: (key: string) => mockStored.get(key) ?? null,
  writeStored: (key: string, value: unknown) => mockStored.set(key, value),
}));

describe('deviceId', () => {
  beforeEach(() => {
    mockStored.clear();
    resetDeviceIdForTests();
  });

  it('is created once, kept in storage and read back on the next start', () => {
    const first = deviceId();
    expect(first).toMatch(DEVICE_ID_PATTERN);
    expect(first.length).toBeGreaterThanOrEqual(16);
    expect(deviceId()).toBe(first);
    expect(mockStored.get('siyu.deviceId')).toBe(first);
    resetDeviceIdForTests();
    expect(deviceId()).toBe(first);
  });

  it('replaces a stored value the server would refuse', () => {
    mockStored.set('siyu.deviceId', 'short');
    const id = deviceId();
    expect(id).toMatch(DEVICE_ID_PATTERN);
    expect(mockStored.get('siyu.deviceId')).toBe(id);
  });

  it('makes different ids', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newDeviceId()));
    expect(ids.size).toBe(200);
  });
});
