export default definePageConfig({
  navigationBarTitleText: '限时秒杀',
  navigationBarBackgroundColor: '#ee0a24',
  navigationBarTextStyle: 'white',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
