export default definePageConfig({
  navigationBarTitleText: '思语优选',
  navigationBarBackgroundColor: '#ee0a24',
  navigationBarTextStyle: 'white',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  onReachBottomDistance: 200,
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
