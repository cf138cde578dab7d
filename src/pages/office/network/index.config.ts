export default definePageConfig({ navigationBarTitleText: '石榴籽工作网络' })
