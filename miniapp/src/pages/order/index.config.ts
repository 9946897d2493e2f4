export default definePageConfig({ navigationBarTitleText: '订单详情', navigationBarBackgroundColor: '#ee0a24', navigationBarTextStyle: 'white' });
