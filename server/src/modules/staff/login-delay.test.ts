import { failureDelayMs } from './auth-service';

describe('failureDelayMs', () => {
  it.each([
    [1, 0],
    [20, 0],
    [21, 250],
    [22, 500],
    [23, 1000],
    [25, 4000],
    [26, 5000],
    [500, 5000],
  ])('after %i failures from one address waits %i ms', (failures, ms) => {
    expect(failureDelayMs(failures)).toBe(ms);
  });
});
