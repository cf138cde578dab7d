export default definePageConfig({ navigationBarTitleText: '干部调整' })
