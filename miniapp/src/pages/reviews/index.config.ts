export default definePageConfig({ navigationBarTitleText: '评价中心', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
