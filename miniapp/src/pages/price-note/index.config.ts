export default definePageConfig({ navigationBarTitleText: '价格说明' });
