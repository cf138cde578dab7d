export default definePageConfig({ navigationBarTitleText: '待认定线索' })
