export default definePageConfig({ navigationBarTitleText: '月报与季报' })
