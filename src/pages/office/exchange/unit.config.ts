export default definePageConfig({ navigationBarTitleText: '推荐优秀工作室' })
