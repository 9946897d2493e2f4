export default definePageConfig({ navigationBarTitleText: '商品列表', enablePullDownRefresh: true, backgroundTextStyle: 'dark', onReachBottomDistance: 200 });
