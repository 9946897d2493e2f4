export default definePageConfig({ navigationBarTitleText: '我的', navigationBarBackgroundColor: '#ee0a24', navigationBarTextStyle: 'white' });
