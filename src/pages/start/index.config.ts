export default definePageConfig({ navigationBarTitleText: '石榴籽' })
