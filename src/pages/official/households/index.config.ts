export default definePageConfig({ navigationBarTitleText: '我的联系户' })
