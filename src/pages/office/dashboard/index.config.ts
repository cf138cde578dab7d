export default definePageConfig({ navigationBarTitleText: '逐级查看' })
