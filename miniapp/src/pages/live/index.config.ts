export default definePageConfig({ navigationBarTitleText: '直播专享', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
