export default definePageConfig({ navigationBarTitleText: '自动结对' })
