export default definePageConfig({ navigationBarTitleText: '报告防返贫线索' })
