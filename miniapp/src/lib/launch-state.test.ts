import { currentLaunchOptions, entryUrlQuery, keepLaunchOptions } from './launch-state';

describe('launch state on H5', () => {
  it('reads ?scene= and ?cq= from the address bar once and adds them to the launch options sent at login', () => {
    window.history.replaceState(null, '', '/?cq=Tk_9-abc#/pages/index/index?scene=c%3DK7p2Qx');
    expect(entryUrlQuery()).toEqual({ cq: 'Tk_9-abc', scene: 'c=K7p2Qx' });
    // The router moving on does not change what this start was opened with.
    window.history.replaceState(null, '', '/#/pages/me/index');
    expect(entryUrlQuery()).toEqual({ cq: 'Tk_9-abc', scene: 'c=K7p2Qx' });
    keepLaunchOptions({ scene: 0, path: '/pages/index/index', query: { from: 'poster' } });
    expect(currentLaunchOptions()).toEqual({ scene: 0, path: '/pages/index/index', query: { cq: 'Tk_9-abc', scene: 'c=K7p2Qx', from: 'poster' } });
  });
});
