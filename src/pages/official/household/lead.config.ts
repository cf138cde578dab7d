export default definePageConfig({ navigationBarTitleText: '防返贫线索' })
